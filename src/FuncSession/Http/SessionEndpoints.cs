using System.Text.Json;
using System.Text.Json.Nodes;
using FuncSession.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace FuncSession.Http;

/// <summary>
/// The session-values endpoints of the HTTP contract, independent of the host that serves them.
/// An endpoint that changes state reads its body with the request's token, then works on with
/// <see cref="CancellationToken.None"/>: a change once begun runs to its end even if the client goes
/// away (each storage call is bounded by the storage time-out and retries).
/// </summary>
public sealed class SessionEndpoints
{
    private readonly SessionPipeline _pipeline;
    private readonly SessionService _sessions;
    private readonly SessionRules _rules;
    private readonly RequestLimits _limits;
    private readonly int _bodyLimit;

    internal SessionEndpoints(SessionPipeline pipeline, SessionService sessions, SessionRules rules, RequestLimits limits, IOptions<SessionOptions> options)
    {
        _pipeline = pipeline;
        _sessions = sessions;
        _rules = rules;
        _limits = limits;
        // A body may carry a little more than the limit (a patch that also deletes); the session itself may not.
        _bodyLimit = options.Value.MaxSessionBytes + 64 * 1024;
    }

    /// <summary><c>GET /api/session</c>: the whole session, or the empty shape when there is none.</summary>
    public Task<ApiResult> GetSessionAsync(HttpRequest request, CancellationToken cancellationToken) =>
        _pipeline.RunAsync(request, async context =>
        {
            var session = context.Id is { } id ? await _sessions.LoadAsync(id, cancellationToken) : null;
            context.Saw(session);
            return SessionView.Of(session);
        });

    /// <summary><c>GET /api/session/values/{key}</c>: one value as the JSON body.</summary>
    public Task<ApiResult> GetValueAsync(HttpRequest request, string key, CancellationToken cancellationToken) =>
        _pipeline.RunAsync(request, async context =>
        {
            if (!SessionKeys.IsValid(key))
            {
                return Problems.InvalidKey(key);
            }
            var session = context.Id is { } id ? await _sessions.LoadAsync(id, cancellationToken) : null;
            context.Saw(session);
            if (session is null)
            {
                return Problems.NoSession();
            }
            return SessionJson.Get(session.Values, key) is { } value ? ApiResult.Json(200, value) : Problems.ValueNotFound(key);
        });

    /// <summary><c>PUT /api/session/values/{key}</c>: sets one value, creating the session when there is none.</summary>
    public Task<ApiResult> PutValueAsync(HttpRequest request, string key, CancellationToken cancellationToken) =>
        _pipeline.RunAsync(request, async context =>
        {
            if (!SessionKeys.IsValid(key))
            {
                return Problems.InvalidKey(key);
            }
            if (!JsonBody.HasMediaType(request, JsonBody.Json))
            {
                return Problems.UnsupportedMediaType(JsonBody.Json);
            }
            var (node, problem) = await JsonBody.ReadAsync(request, _bodyLimit, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            var value = SessionJson.Serialize(node);
            var (update, limited) = await UpdateOrCreateAsync(context, session =>
            {
                session.Values = SessionJson.Set(session.Values, key, value);
                return SessionChange.Changed;
            });
            return limited ?? Finish(context, update!, ApiResult.NoContent);
        });

    /// <summary><c>DELETE /api/session/values/{key}</c>: removes one value; never creates a session.</summary>
    public Task<ApiResult> DeleteValueAsync(HttpRequest request, string key, CancellationToken cancellationToken) =>
        _pipeline.RunAsync(request, async context =>
        {
            if (!SessionKeys.IsValid(key))
            {
                return Problems.InvalidKey(key);
            }
            if (context.Id is null)
            {
                return ApiResult.NoContent();
            }
            var update = await _sessions.UpdateAsync(context.Id, create: false, session =>
            {
                if (SessionJson.Remove(session.Values, key) is not { } remaining)
                {
                    return SessionChange.Unchanged;
                }
                session.Values = remaining;
                return SessionChange.Changed;
            }, CancellationToken.None);
            context.Saw(update);
            return ApiResult.NoContent();
        });

    /// <summary><c>PATCH /api/session</c>: a JSON merge patch of the values and/or the permanent flag.</summary>
    public Task<ApiResult> PatchSessionAsync(HttpRequest request, CancellationToken cancellationToken) =>
        _pipeline.RunAsync(request, async context =>
        {
            if (!JsonBody.HasMediaType(request, JsonBody.Json, JsonBody.MergePatch))
            {
                return Problems.UnsupportedMediaType($"{JsonBody.Json} or {JsonBody.MergePatch}");
            }
            var (node, problem) = await JsonBody.ReadAsync(request, _bodyLimit, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }
            if (node is not JsonObject body)
            {
                return Problems.InvalidBody("The body must be a JSON object: {\"values\": {…}, \"permanent\": true|false}, both optional.");
            }

            byte[]? patch = null;
            if (body.TryGetPropertyValue("values", out var values))
            {
                if (values is not JsonObject)
                {
                    return Problems.InvalidBody("\"values\" must be a JSON object: a merge patch in which null deletes a key.");
                }
                if (((JsonObject)values).Select(p => p.Key).FirstOrDefault(k => !SessionKeys.IsValid(k)) is { } badKey)
                {
                    return Problems.InvalidKey(badKey);
                }
                patch = SessionJson.Serialize(values);
            }

            bool? permanent = null;
            if (body.TryGetPropertyValue("permanent", out var flag))
            {
                if (flag is not JsonValue v || v.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                {
                    return Problems.InvalidBody("\"permanent\" must be true or false.");
                }
                permanent = v.GetValue<bool>();
            }

            var lifetimeChanged = false;
            var (update, limited) = await UpdateOrCreateAsync(context, session =>
            {
                if (patch is not null)
                {
                    session.Values = SessionJson.MergePatch(session.Values, patch);
                }
                lifetimeChanged = permanent is { } p && p != session.Permanent;
                if (permanent is { } wanted)
                {
                    _sessions.SetPermanent(session, wanted);
                }
                return SessionChange.Changed;
            });
            if (limited is not null)
            {
                return limited;
            }

            var result = Finish(context, update!, () => SessionView.Of(update!.Session));
            if (lifetimeChanged && update is { Outcome: SessionChange.Changed, Issued: null, Session: { } changed })
            {
                context.LifetimeChanged(changed.Permanent);
            }
            return result;
        });

    /// <summary>
    /// <c>DELETE /api/session</c> and <c>POST /api/auth/logout</c>: ends the session server-side and
    /// clears the cookie; 204 also without one.
    /// </summary>
    public Task<ApiResult> DeleteSessionAsync(HttpRequest request, CancellationToken cancellationToken) =>
        _pipeline.RunAsync(request, async context =>
        {
            if (context.Id is { } id)
            {
                await _sessions.EndAsync(id, CancellationToken.None);
            }
            context.Ended();
            return ApiResult.NoContent();
        });

    /// <summary>
    /// Applies <paramref name="change"/> to the presented session when it is usable; otherwise creates a
    /// new session, if the client's address may create one now (else the 429 answer). The client's
    /// say-so is not enough to skip the limit: an ended or expired session's token is as good as none.
    /// </summary>
    private async Task<(SessionUpdate? Update, ApiResult? Limited)> UpdateOrCreateAsync(
        SessionRequest context, Func<SessionRecord, SessionChange> change)
    {
        if (context.Id is not null)
        {
            var update = await _sessions.UpdateAsync(context.Id, create: false, change, CancellationToken.None);
            if (update.Session is not null)
            {
                return (update, null);
            }
        }
        if (_limits.NewSession(context.Http) is { } limited)
        {
            context.Saw((SessionRecord?)null);
            return (null, limited);
        }
        return (await _sessions.UpdateAsync(context.Id, create: true, change, CancellationToken.None), null);
    }

    private ApiResult Finish(SessionRequest context, SessionUpdate update, Func<ApiResult> success)
    {
        if (update.Outcome == SessionChange.TooLarge)
        {
            context.Saw(update.Session);
            return Problems.SessionTooLarge(_rules.MaxBytes(update.Session));
        }
        context.Saw(update);
        return success();
    }
}
