-- torch.Tester and torch.TestSuite: torch7's unit-test framework (torch7-api.md §1.9).
--   local t = torch.Tester(); local s = torch.TestSuite()
--   function s.myTest() t:eq(a, b, 'message') end
--   t:add(s); t:run()      -- prints progress and a summary, errors out if a test failed
require 'torch'
local Tester = torch.class('torch.Tester')

local WIDTH = 80
local function plural(n, word) return n .. ' ' .. word .. (n == 1 and '' or 's') end

-- TestSuite: a table of test functions that refuses duplicate names
local TestSuite = {}
function torch.TestSuite()
   local names = {}
   return setmetatable({}, {
      __index = function(_, k) return names[k] end,
      __newindex = function(_, k, v)
         if names[k] ~= nil then error('Test ' .. tostring(k) .. ' is already defined.', 2) end
         names[k] = v
      end,
      __pairs = function() return next, names, nil end,
      __suite = names,
   })
end
local function suite_tests(t)
   local mt = getmetatable(t)
   if type(mt) == 'table' and rawget(mt, '__suite') then return mt.__suite end
   return t
end

function Tester:__init()
   self.tests = {}
   self.testnames = {}
   self.errors = {}
   self.countasserts = 0
   self.earlyAbort = false
   self.rethrow = false
   self.summaryOnly = false
   self.disabled = {}
   self.curtestname = ''
end

function Tester:setEarlyAbort(b) self.earlyAbort = b ~= false; return self end
function Tester:setRethrowErrors(b) self.rethrow = b ~= false; return self end
function Tester:setSummaryOnly(b) self.summaryOnly = b ~= false; return self end

function Tester:add(f, name)
   if type(f) == 'table' then
      local t = suite_tests(f)
      local keys = {}
      for k in pairs(t) do keys[#keys + 1] = k end
      table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
      for _, k in ipairs(keys) do self:add(t[k], k) end
   elseif type(f) == 'function' then
      name = name or 'unknown'
      for _, n in ipairs(self.testnames) do
         if n == name then error('Test with name ' .. name .. ' already exists!', 2) end
      end
      self.tests[#self.tests + 1] = f
      self.testnames[#self.testnames + 1] = name
   else
      error('Tester:add(f) expects a function or a table of functions', 2)
   end
   return self
end

function Tester:disable(names)
   if type(names) == 'string' then names = {names} end
   for _, n in ipairs(names) do
      local found = false
      for _, m in ipairs(self.testnames) do if m == n then found = true end end
      if not found then error('Test ' .. n .. ' does not exist', 2) end
      self.disabled[n] = true
   end
   return self
end

-- the core: record one assertion
function Tester:_assert_sub(ok, message)
   self.countasserts = self.countasserts + 1
   if ok then return true end
   local tb = debug.traceback('', 2)
   local where = {}
   for line in tb:gmatch('[^\n]+') do
      if line:find("in function 'xpcall'", 1, true) then break end
      if not line:find('Tester.lua', 1, true) and not line:find('stack traceback', 1, true)
         and not line:find('(tail call)', 1, true) then
         where[#where + 1] = line
         if #where == 2 then break end
      end
   end
   self.errors[#self.errors + 1] = {name = self.curtestname, kind = 'failure',
      text = message .. '\n' .. table.concat(where, '\n')}
   if self.earlyAbort then error({__tester_abort = true}) end
   return false
end
Tester.assert_sub = Tester._assert_sub

local function msg(m) return m and (m .. '\n') or '' end

function Tester:assert(cond, m)
   return self:_assert_sub(cond, msg(m) .. 'BOOL violation condition=' .. tostring(cond))
end
local function cmp(name, op, f)
   Tester[name] = function(self, a, b, m)
      return self:_assert_sub(f(a, b), string.format('%s%s violation val=%s, condition=%s', msg(m), op, tostring(a), tostring(b)))
   end
end
cmp('assertlt', 'LT(<)', function(a, b) return a < b end)
cmp('assertgt', 'GT(>)', function(a, b) return a > b end)
cmp('assertle', 'LE(<=)', function(a, b) return a <= b end)
cmp('assertge', 'GE(>=)', function(a, b) return a >= b end)

function Tester:assertalmosteq(a, b, tol, m)
   if type(tol) == 'string' then tol, m = nil, tol end
   tol = tol or 1e-16
   local err = math.abs(a - b)
   return self:_assert_sub(err <= tol, string.format('%sALMOST_EQ(==) violation val=%s, condition=%s', msg(m), tostring(err), tostring(tol)))
end

-- deep comparison of numbers, strings, tables and tensors; returns ok, reason
local function deep_eq(a, b, tol, seen)
   if torch.isTensor(a) or torch.isTensor(b) then
      if not (torch.isTensor(a) and torch.isTensor(b)) then return false, 'tensor compared with ' .. torch.type(torch.isTensor(a) and b or a) end
      if torch.typename(a) ~= torch.typename(b) then return false, 'different tensor types ' .. torch.typename(a) .. ' and ' .. torch.typename(b) end
      if a:nElement() ~= b:nElement() or not a:isSameSizeAs(b) then return false, 'different tensor sizes' end
      if a:nElement() == 0 then return true end
      local d = a:double():add(-1, b:double()):abs():max()
      if d ~= d or d > tol then return false, 'max difference ' .. tostring(d) .. ' > tolerance ' .. tostring(tol) end
      return true
   end
   if type(a) == 'number' and type(b) == 'number' then
      if a == b then return true end
      local d = math.abs(a - b)
      if d <= tol then return true end
      return false, string.format('%s ~= %s', tostring(a), tostring(b))
   end
   if type(a) == 'table' and type(b) == 'table' then
      seen = seen or {}
      if seen[a] == b then return true end
      seen[a] = b
      for k, v in pairs(a) do
         local ok, why = deep_eq(v, b[k], tol, seen)
         if not ok then return false, 'at key ' .. tostring(k) .. ': ' .. (why or '') end
      end
      for k in pairs(b) do
         if a[k] == nil then return false, 'key ' .. tostring(k) .. ' missing on the left' end
      end
      return true
   end
   if a == b then return true end
   return false, string.format('%s ~= %s', tostring(a), tostring(b))
end
Tester._deep_eq = deep_eq

local function tol_msg(tol, m)
   if type(tol) == 'string' then return 0, tol end
   return tol or 0, m
end

-- the (a, b, tol, m) comparisons: deep_eq within tol, message prefixed by label (EQ, TensorEQ(==),
-- ...); on a NE check the violation reads `what` ("the values are equal")
local function eq_check(label)
   return function(self, a, b, tol, m)
      tol, m = tol_msg(tol, m)
      local ok, why = deep_eq(a, b, tol)
      return self:_assert_sub(ok, msg(m) .. label .. ' violation: ' .. (why or ''))
   end
end
local function ne_check(label, what)
   return function(self, a, b, tol, m)
      tol, m = tol_msg(tol, m)
      local ok = deep_eq(a, b, tol)
      return self:_assert_sub(not ok, msg(m) .. label .. ' violation: the ' .. what .. ' are equal')
   end
end

Tester.eq = eq_check('EQ')
Tester.ne = ne_check('NE', 'values')

function Tester:asserteq(a, b, m)
   if type(a) == 'table' or torch.isTensor(a) then return self:eq(a, b, m) end
   return self:_assert_sub(a == b, string.format('%sEQ(==) violation val=%s, condition=%s', msg(m), tostring(a), tostring(b)))
end
function Tester:assertne(a, b, m)
   if type(a) == 'table' or torch.isTensor(a) then return self:ne(a, b, m) end
   return self:_assert_sub(a ~= b, string.format('%sNE(~=) violation val=%s, condition=%s', msg(m), tostring(a), tostring(b)))
end

Tester.assertTensorEq = eq_check('TensorEQ(==)')
Tester.assertTensorNe = ne_check('TensorNE(~=)', 'tensors')
Tester.assertTableEq = eq_check('TableEQ(==)')
Tester.assertTableNe = ne_check('TableNE(~=)', 'tables')

function Tester:assertErrorObj(f, pred, m)
   local ok, err = pcall(f)
   return self:_assert_sub(not ok and pred(err), msg(m) .. 'ERROR violation err=' .. tostring(err))
end
function Tester:assertError(f, m) return self:assertErrorObj(f, function() return true end, m) end
function Tester:assertNoError(f, m)
   local ok, err = pcall(f)
   return self:_assert_sub(ok, msg(m) .. 'NO_ERROR violation err=' .. tostring(err))
end
function Tester:assertErrorMsg(f, e, m) return self:assertErrorObj(f, function(err) return err == e end, m) end
function Tester:assertErrorPattern(f, p, m)
   return self:assertErrorObj(f, function(err) return type(err) == 'string' and err:find(p) ~= nil end, m)
end

local function progress_line(i, n, name, status)
   local head = i .. '/' .. n .. ' ' .. name .. ' '
   local tail = ' [' .. status .. ']'
   local dots = math.max(1, WIDTH - #head - #tail)
   return head .. string.rep('.', dots) .. tail
end

function Tester:run(which)
   local tests, names = {}, {}
   if type(which) == 'string' then which = {which} end
   for i, f in ipairs(self.tests) do
      local n = self.testnames[i]
      local want = which == nil
      if which then for _, w in ipairs(which) do if w == n or w == i then want = true end end end
      if want and not self.disabled[n] then tests[#tests + 1] = f; names[#names + 1] = n end
   end
   if which then
      for _, w in ipairs(which) do
         local found = false
         for _, n in ipairs(self.testnames) do if n == w then found = true end end
         if not found and type(w) == 'string' then error('Test ' .. w .. ' does not exist', 2) end
      end
   end
   self.countasserts = 0
   self.errors = {}
   local nfail, nerr = 0, 0
   print('Running ' .. plural(#tests, 'test'))
   for i, f in ipairs(tests) do
      self.curtestname = names[i]
      local before = #self.errors
      local ok, e = xpcall(f, debug.traceback)
      local status
      if not ok then
         if type(e) == 'table' and e.__tester_abort then
            status = 'FAIL'
         else
            if self.rethrow then error(e, 0) end
            e = tostring(e):gsub('\n%s*%[C%]: in function \'xpcall\'.*$', '')
            self.errors[#self.errors + 1] = {name = names[i], kind = 'error', text = 'Function call failed\n' .. e}
            status = 'ERROR'
         end
      else
         status = #self.errors > before and 'FAIL' or 'PASS'
      end
      if status == 'FAIL' then nfail = nfail + 1 elseif status == 'ERROR' then nerr = nerr + 1 end
      if not self.summaryOnly then io.write(progress_line(i, #tests, names[i], status) .. '\n') end
      io.flush()
      if self.earlyAbort and status ~= 'PASS' then break end
   end
   print('Completed ' .. plural(self.countasserts, 'assert') .. ' in ' .. plural(#tests, 'test') ..
      ' with ' .. plural(nfail, 'failure') .. ' and ' .. plural(nerr, 'error'))
   for _, e in ipairs(self.errors) do
      print(string.rep('-', WIDTH))
      print(e.name)
      print(e.text)
   end
   if #self.errors > 0 then
      print(string.rep('-', WIDTH))
      error('An error was found while running tests!', 2)
   end
   return self
end

return Tester
