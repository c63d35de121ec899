-- wrk script for bench/review_load.sh: a logged-in user's clue-queue requests, cycling
-- through what staff do most (the default page, a filter by status, by rule and amount,
-- a later page, another sort). XM_SESSION holds the xm_session cookie. done() prints one
-- summary line the shell script reports.
local session = os.getenv("XM_SESSION") or ""
wrk.headers["Cookie"] = "xm_session=" .. session
wrk.headers["Accept"] = "application/json"

local paths = {
  "/api/clues",
  "/api/clues?status=new",
  "/api/clues?rule=deceased&status=new,verifying&min_amount=1000",
  "/api/clues?page=5&page_size=50",
  "/api/clues?sort=amount_desc&status=confirmed",
  "/api/clues?from=2026-06-01&to=2026-09-30&sort=created_asc",
}
local next_path = 0

request = function()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path])
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local failed = summary.errors.status + summary.errors.connect + summary.errors.read +
                 summary.errors.write + summary.errors.timeout
  io.write(string.format(
    "RESULT requests=%d requests_per_s=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f failed=%d\n",
    summary.requests, summary.requests / seconds, latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000, failed))
end
