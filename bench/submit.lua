-- wrk: post one synthetic report per request to the public form, each with a fresh submission
-- token (the form's idempotency key), with a CSRF cookie and token that bench/load.py read
-- from the form page and the report's fields it defines. A valid report answers 302 (to its
-- receipt); anything else is an error.
local cookie = os.getenv("BENCH_CSRF_COOKIE")
local csrf = os.getenv("BENCH_CSRF_TOKEN")
local fields = os.getenv("BENCH_REPORT_FIELDS")  -- bench/load.py REPORT_FIELDS, urlencoded
local headers = {
  ["Content-Type"] = "application/x-www-form-urlencoded",
  ["Cookie"] = "__Secure-csrftoken=" .. cookie,
}
local counter = 0

local function uuid()
  counter = counter + 1
  return string.format("%08x-%04x-4%03x-8%03x-%012x", math.random(0, 0x7fffffff), math.random(0, 0xffff),
    math.random(0, 0xfff), math.random(0, 0xfff), counter * 65536 + math.random(0, 0xffff))
end

setup = function(thread)
  thread:set("seed", math.random(1, 2 ^ 30))
end

init = function(args)
  math.randomseed(seed or os.time())
end

request = function()
  local body = "csrfmiddlewaretoken=" .. csrf .. "&submission_token=" .. uuid() .. "&" .. fields
  return wrk.format("POST", nil, headers, body)
end

dofile(os.getenv("BENCH_DIR") .. "/percentiles.lua")
