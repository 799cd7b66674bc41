-- Shared by every bench script (loaded with dofile): numbers each wrk thread, lets the request and
-- response functions count things with count(name), and at the end prints the one line the runner
-- reads instead of wrk's human output: BENCH_JSON {...} with the counts of all threads summed up.

local threads = {}
counts = {}

function setup(thread)
  thread:set("number", #threads + 1)
  table.insert(threads, thread)
end

function count(name)
  counts[name] = (counts[name] or 0) + 1
end

done = function(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for name, value in pairs(thread:get("counts")) do
      total[name] = (total[name] or 0) + value
    end
  end
  local parts = {}
  for name, value in pairs(total) do
    table.insert(parts, string.format("\"%s\":%d", name, value))
  end
  local errors = summary.errors
  io.write(string.format(
    "BENCH_JSON {\"requests\":%d,\"duration_us\":%d,\"bytes\":%d,\"p50_us\":%d,\"p90_us\":%d,\"p99_us\":%d," ..
    "\"max_us\":%d,\"status_errors\":%d,\"connect_errors\":%d,\"read_errors\":%d,\"write_errors\":%d," ..
    "\"timeouts\":%d,\"counts\":{%s}}\n",
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    errors.status, errors.connect, errors.read, errors.write, errors.timeout, table.concat(parts, ",")))
end
