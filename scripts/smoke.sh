#!/usr/bin/env bash
# Checks a running FuncSession API from outside, as a client would:
#
#   scripts/smoke.sh URL [--function-key KEY]
#
#   URL             the API's base URL, for example https://<app>.azurewebsites.net/api
#                   (azd env get-value API_BASE_URL) or http://127.0.0.1:7071/api
#   --function-key  the Function App's master key: also runs the expired-session sweep once through
#                   the admin route (az functionapp keys list -g <group> -n <app> --query masterKey -o tsv)
#
# Checks: health; a whole session flow (create, read, change, end); over HTTPS a Secure cookie named
# __Host-…; that the API accepts a write from its own Origin and refuses one from a foreign Origin;
# register, login, logout with a throwaway user when registration is on; the sweep when a key is
# given. Each failed check prints a line starting with FAIL and what was expected; the exit status
# is 0 only when every check passed. Needs bash and curl only; every request times out after 30 s.
set -uo pipefail

usage() { sed -n '2,16s/^# \{0,1\}//p' "$0"; }

url=""
key=""
while [ $# -gt 0 ]; do
  case "$1" in
    --function-key) [ $# -ge 2 ] || { usage >&2; exit 2; }; key=$2; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    -*) usage >&2; exit 2 ;;
    *) [ -z "$url" ] || { usage >&2; exit 2; }; url=$1; shift ;;
  esac
done
url=${url%/}
case "$url" in
  http://?* | https://?*) ;;
  *) usage >&2; exit 2 ;;
esac
command -v curl >/dev/null || { echo "smoke: curl is not installed." >&2; exit 2; }

scheme=${url%%://*}
origin=$(printf '%s' "$url" | sed -E 's#^(https?://[^/]+).*#\1#')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok    $1"; }
fail() { failed=$((failed + 1)); echo "FAIL  $1: $2" >&2; }

# request METHOD PATH [curl options...]: sets $code (000 when nothing answered); the body is in
# $work/body, the headers in $work/headers. Cookies persist in $work/jar between requests.
request() {
  local method=$1 path=$2
  shift 2
  code=$(curl --silent --show-error --max-time 30 --request "$method" \
    --cookie "$work/jar" --cookie-jar "$work/jar" \
    --output "$work/body" --dump-header "$work/headers" --write-out '%{http_code}' \
    "$@" "$url$path" 2>"$work/error") || code=000
}
json() { request "$1" "$2" --header 'Content-Type: application/json' --data "$3" "${@:4}"; }
body() { head -c 300 "$work/body" 2>/dev/null | tr '\n' ' '; }
# What went wrong with the last request, for a FAIL line.
answer() {
  if [ "$code" = 000 ]; then
    printf 'no answer (%s)' "$(tr '\n' ' ' < "$work/error")"
  else
    printf 'got %s %s' "$code" "$(body)"
  fi
}
header() { grep -i "^$1:" "$work/headers" | tail -1 | cut -d: -f2- | tr -d '\r' | sed 's/^ *//'; }

echo "smoke: checking $url"

# 1. Health: the app runs and reaches storage. Nothing else can pass without it.
request GET /health
if [ "$code" = 200 ] && grep -q '"healthy"' "$work/body"; then
  ok "health"
else
  fail "health" "expected 200 {\"status\": \"healthy\"}, $(answer). A 503 means the app cannot reach its tables (storage roles, table names, network); no answer means a wrong URL or an app that is not running."
  echo "smoke: 0 passed, 1 failed (stopped: the API is not healthy)" >&2
  exit 1
fi

# 2. A whole session flow, on one cookie.
json PUT /session/values/smoke-check '{"n":1}'
set_cookie=$(header Set-Cookie)
if [ "$code" = 204 ] && [ -n "$set_cookie" ]; then
  ok "session: a first write creates the session and sets its cookie"
else
  fail "session: first write" "expected 204 with Set-Cookie, $(answer)"
fi
request GET /session/values/smoke-check
if [ "$code" = 200 ] && [ "$(tr -d ' \n\r' < "$work/body")" = '{"n":1}' ]; then
  ok "session: the cookie reads the value back"
else
  fail "session: read back" "expected 200 {\"n\":1}, $(answer). A 404 here means the cookie was not accepted (Secure cookie over plain HTTP, or a proxy that drops it)."
fi
if header Cache-Control | grep -qi 'no-store'; then
  ok "session: answers are not cached (Cache-Control: no-store)"
else
  fail "session: caching" "expected Cache-Control: no-store, got '$(header Cache-Control)'"
fi
json PATCH /session '{"values":{"second":"two"}}'
if [ "$code" = 200 ] && grep -q '"second"' "$work/body" && grep -q '"smoke-check"' "$work/body"; then
  ok "session: a merge patch keeps the old value and adds the new one"
else
  fail "session: merge patch" "expected 200 with both values, $(answer)"
fi
request DELETE /session
deleted=$code
request GET /session/values/smoke-check
if [ "$deleted" = 204 ] && [ "$code" = 404 ]; then
  ok "session: ending the session removes its values"
else
  fail "session: end" "expected 204 then 404, got $deleted then $code"
fi

# 3. The cookie's form: HttpOnly always; over HTTPS Secure and a __Host- name (Path=/, no Domain).
if [ -n "$set_cookie" ]; then
  if printf '%s' "$set_cookie" | grep -qi 'httponly'; then
    ok "cookie: HttpOnly"
  else
    fail "cookie: HttpOnly" "Set-Cookie lacks HttpOnly: $set_cookie"
  fi
  if [ "$scheme" = https ]; then
    if printf '%s' "$set_cookie" | grep -q '^__Host-' && printf '%s' "$set_cookie" | grep -qi '; *secure' \
      && printf '%s' "$set_cookie" | grep -qi '; *path=/\($\|;\)' && ! printf '%s' "$set_cookie" | grep -qi 'domain='; then
      ok "cookie: Secure, named __Host-…, Path=/, no Domain"
    else
      fail "cookie: HTTPS form" "expected a Secure __Host- cookie with Path=/ and no Domain (FuncSession__CookieSecure=true, FuncSession__CookieName=__Host-session), got: $set_cookie"
    fi
  fi
fi

# 4. Cross-site writes: the API's own Origin passes, a foreign one is refused. Behind a TLS front
#    end the app must see the public scheme and host to recognise its own Origin.
json PUT /session/values/smoke-origin '1' --header "Origin: $origin"
if [ "$code" = 204 ]; then
  ok "origin: a write from the API's own Origin ($origin) is accepted"
else
  fail "origin: own" "expected 204 for Origin $origin, $(answer). A 403 means the app does not see the scheme and host it is reached on (a front end that changes them); add the origin to FuncSession__AllowedOrigins or fix the forwarding."
fi
json PUT /session/values/smoke-origin '1' --header 'Origin: https://smoke-check.invalid'
if [ "$code" = 403 ]; then
  ok "origin: a write from a foreign Origin is refused"
else
  fail "origin: foreign" "expected 403 for Origin https://smoke-check.invalid, $(answer)"
fi
request DELETE /session --header "Origin: $origin"

# 5. Accounts, with a throwaway user, when registration is on.
user="smoke-$(date +%s)-$RANDOM"
password="Smoke-$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')"
credentials="{\"username\":\"$user\",\"password\":\"$password\"}"
json POST /auth/register "$credentials"
case "$code" in
  201)
    ok "accounts: register $user"
    json POST /auth/login "$credentials"
    if [ "$code" = 200 ] && [ -n "$(header Set-Cookie)" ]; then
      ok "accounts: login sets a session cookie"
    else
      fail "accounts: login" "expected 200 with Set-Cookie, $(answer)"
    fi
    request GET /auth/me
    if [ "$code" = 200 ] && grep -q "\"$user\"" "$work/body"; then
      ok "accounts: the session knows the user"
    else
      fail "accounts: me" "expected 200 naming $user, $(answer)"
    fi
    request POST /auth/logout
    logout=$code
    request GET /auth/me
    if [ "$logout" = 204 ] && [ "$code" = 401 ]; then
      ok "accounts: logout ends the session"
    else
      fail "accounts: logout" "expected 204 then 401, got $logout then $code"
    fi
    # Remove the throwaway user where the API offers it; otherwise say so.
    json POST /auth/login "$credentials"
    json DELETE /auth/account "{\"password\":\"$password\"}"
    if [ "$code" = 204 ]; then
      echo "      (removed the throwaway user $user)"
    else
      echo "      (the throwaway user $user was left in place: account removal answered $code)"
    fi
    ;;
  404)
    echo "skip  accounts: registration is off (FuncSession__RegistrationEnabled=false)"
    ;;
  *)
    fail "accounts: register" "expected 201 (or 404 with registration off), $(answer)"
    ;;
esac

# 6. The expired-session sweep, through the Functions admin route, when a key is given.
if [ -n "$key" ]; then
  code=$(curl --silent --show-error --max-time 30 --request POST --output "$work/body" --write-out '%{http_code}' \
    --header "x-functions-key: $key" --header 'Content-Type: application/json' --data '{"input":""}' \
    "$origin/admin/functions/SessionCleanup" 2>"$work/error") || code=000
  if [ "$code" = 202 ]; then
    ok "sweep: SessionCleanup started through the admin route"
  else
    fail "sweep" "expected 202 from $origin/admin/functions/SessionCleanup, $(answer). A 401 means the key is not the master key."
  fi
fi

if [ "$failed" -gt 0 ]; then
  echo "smoke: $passed passed, $failed failed" >&2
  exit 1
fi
echo "smoke: $passed passed, 0 failed"
