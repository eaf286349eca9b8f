-- wrk script for the FuncSession load benchmark. The operation comes from the environment:
--   BENCH_OP=get-value|get-session|put-same|put-many|login
--   BENCH_COOKIE   session cookie value for get-value, get-session and put-same
--   BENCH_COOKIES  file with one cookie value a line, for put-many
--   BENCH_THREADS  wrk's -t, so put-many can give each thread its own slice of sessions
--   BENCH_LOGINS   file with one login request body (JSON) a line, one user name each, for login
-- At the end it prints one JSON line with the counts and latency percentiles (microseconds).

local op = os.getenv("BENCH_OP") or "get-value"
local cookie_name = os.getenv("BENCH_COOKIE_NAME") or "session"
local value_body = '"hello, world"'
local threads = {}

function setup(thread)
  thread:set("thread_index", #threads)
  table.insert(threads, thread)
end

local function put(cookie)
  return wrk.format("PUT", "/api/session/values/greeting",
    { ["Content-Type"] = "application/json", ["Cookie"] = cookie_name .. "=" .. cookie }, value_body)
end

local fixed, rotation, next_index

-- This thread's share of the lines of a file: thread i of n gets the i-th of n equal slices.
local function slice(path)
  local all = {}
  for line in io.lines(path) do
    if #line > 0 then table.insert(all, line) end
  end
  local count = tonumber(os.getenv("BENCH_THREADS") or "1")
  local size = math.floor(#all / count)
  local mine = {}
  for i = 1, size do
    mine[i] = all[thread_index * size + i]
  end
  return mine
end

function init(args)
  local cookie = os.getenv("BENCH_COOKIE") or ""
  if op == "get-value" then
    fixed = wrk.format("GET", "/api/session/values/greeting", { ["Cookie"] = cookie_name .. "=" .. cookie })
  elseif op == "get-session" then
    fixed = wrk.format("GET", "/api/session", { ["Cookie"] = cookie_name .. "=" .. cookie })
  elseif op == "put-same" then
    fixed = put(cookie)
  elseif op == "login" then
    -- One user name per connection at most: a login the load abandons (wrk stops mid-request)
    -- counts against its name, and one name shared by every connection would get locked.
    rotation = {}
    for i, body in ipairs(slice(os.getenv("BENCH_LOGINS"))) do
      rotation[i] = wrk.format("POST", "/api/auth/login", { ["Content-Type"] = "application/json" }, body)
    end
    next_index = 0
  elseif op == "put-many" then
    -- Each thread walks its own slice of the sessions in order, so the requests in flight at
    -- one time name different sessions (the slice is larger than the connections).
    rotation = {}
    for i, value in ipairs(slice(os.getenv("BENCH_COOKIES"))) do
      rotation[i] = put(value)
    end
    next_index = 0
  else
    error("unknown BENCH_OP " .. op)
  end
end

function request()
  if rotation then
    next_index = next_index % #rotation + 1
    return rotation[next_index]
  end
  return fixed
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"non2xx":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.status, e.connect, e.read, e.write, e.timeout))
end
