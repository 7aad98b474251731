-- wrk script: POST distinct JSON bodies, one per line of the file in BODIES_FILE, to the path in
-- BODIES_PATH. Each wrk thread takes every n-th body from its own offset; at the end the figures
-- are printed as one JSON line starting with "RESULT ".
local threads = {}
local counter = 0

function setup(thread)
  thread:set("offset", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local path = os.getenv("BODIES_PATH")
  local file = assert(io.open(os.getenv("BODIES_FILE"), "r"))
  local stride = tonumber(os.getenv("WRK_THREADS") or "1")
  requests = {}
  local index = 0
  for line in file:lines() do
    if index % stride == offset then
      requests[#requests + 1] = wrk.format("POST", path, {["Content-Type"] = "application/json"}, line)
    end
    index = index + 1
  end
  file:close()
  next_request = 1
end

function request()
  local chosen = requests[next_request]
  next_request = next_request + 1
  if next_request > #requests then
    next_request = 1
  end
  return chosen
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, errors.connect, errors.read, errors.write, errors.status, errors.timeout))
end
