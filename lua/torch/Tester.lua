-- torch.Tester and torch.TestSuite: torch7's unit-test framework (torch7-api.md §1.9).
--   local t = torch.Tester(); local s = torch.TestSuite()
--   function s.myTest() t:eq(a, b, 'message') end
--   t:add(s); t:run()      -- prints progress and a summary, errors out if a test failed
require 'torch'
local Tester = torch.class('torch.Tester')

local WIDTH = 80
local function plural(n, word) return n .. ' ' .. word .. (n == 1 and '' or 's') end

-- TestSuite: a plain table holding its tests in __tests (with __isTestSuite = true, as torch7's) that
-- refuses a second test of the same name and anything but a function
function torch.TestSuite()
   local mt = {}
   function mt:__index(k) return self.__tests[k] end
   function mt:__newindex(k, v)
      if self.__tests[k] ~= nil then error('Test ' .. tostring(k) .. ' is already defined.', 2) end
      if type(v) ~= 'function' then
         if type(v) == 'table' then error('Nested tables of tests are not supported', 2) end
         error('Only functions are supported as members of a TestSuite', 2)
      end
      self.__tests[k] = v
   end
   return setmetatable({__tests = {}, __isTestSuite = true}, mt)
end
local function suite_tests(t)
   if rawget(t, '__isTestSuite') then return t.__tests end
   return t
end

function Tester:__init()
   self.tests = {}          -- name -> function
   self.testnames = {}      -- names in the order they were added (runs follow it)
   self.errors = {}
   self.warnings = {}
   self._warningCount = {}
   self.disabledTests = {}
   self._currentTestName = ''
   self.countasserts = 0
   -- torch7 keeps assertTensorEq lenient on dimensions ({{1}} equals {1}, with a warning)
   self._assertTensorEqIgnoresDims = true
end

function Tester:setEarlyAbort(b) self.earlyAbort = b end
function Tester:setRethrowErrors(b) self.rethrow = b end
function Tester:setSummaryOnly(b) self.summaryOnly = b end

-- where an assertion was made: the two traceback lines just above the xpcall that runs the
-- test (torch7 keeps "stack traceback:" and the test's line when the checks are tail calls)
function Tester:_addDebugInfo(message)
   local tb = debug.traceback('tester', 3) or ''
   local where = tb:match('.-\n([^\n]+\n[^\n]+)\n[^\n]+xpcall') or ''
   local name = self._currentTestName
   return (name ~= '' and name .. '\n' or '') .. message .. '\n' .. where
end

function Tester:_success()
   local name = self._currentTestName
   self.assertionPass[name] = (self.assertionPass[name] or 0) + 1
   return true
end

function Tester:_failure(message)
   if self.rethrow then error(message, 2) end
   local name = self._currentTestName
   self.assertionFail[name] = (self.assertionFail[name] or 0) + 1
   self.errors[#self.errors + 1] = self:_addDebugInfo(message)
   return false
end

function Tester:_warning(message)
   local name = self._currentTestName
   self._warningCount[name] = (self._warningCount[name] or 0) + 1
   self.warnings[#self.warnings + 1] = self:_addDebugInfo(message)
end

-- every check ends here; the tail calls keep the test's own line on top of the traceback
function Tester:_assert_sub(ok, message)
   if ok then return self:_success() end
   return self:_failure(message)
end
Tester.assert_sub = Tester._assert_sub

-- optional message (a string; no other argument)
local function get_message(message, ...)
   assert(select('#', ...) == 0 or next({...}) == nil, 'Unexpected arguments passed to test function')
   if message ~= nil then
      assert(type(message) == 'string', 'message parameter must be a string')
      if message ~= '' then return message .. '\n' end
   end
   return ''
end

-- optional tolerance and message, in either order
local function get_tolerance_and_message(default, ...)
   local tolerance, message
   for _, a in ipairs({...}) do
      if type(a) == 'string' then
         if message then error('Unexpected string argument; already have message', 3) end
         message = a .. '\n'
      elseif type(a) == 'number' then
         if tolerance then error('Unexpected number argument; already have tolerance', 3) end
         assert(a >= 0, 'tolerance cannot be negative')
         tolerance = a
      else
         error('Unrecognized argument; should be a tolerance or message', 3)
      end
   end
   return tolerance or default, message or ''
end

------------------------------------------------------------------------------------------------
-- the comparisons (torch7's check.* helpers): each returns success, failure message
local check = {}

local function same_format_eq(ta, tb, tol, negate, storage)
   local function with_abs(t)   -- torch7: Byte, Char and Short tensors have no abs
      local ty = torch.type(t)
      if ty == 'torch.ByteTensor' or ty == 'torch.CharTensor' or ty == 'torch.ShortTensor' then return t:double() end
      return t
   end
   ta, tb = with_abs(ta), with_abs(tb)
   local err = ta:clone():add(-1, tb):abs():max()
   local ok = err <= tol
   if negate then ok = not ok end
   if ok then return true end
   return false, string.format('%s%s violation: max diff=%s, tolerance=%s', storage and 'Storage' or 'Tensor',
      negate and 'NE(==)' or 'EQ(==)', tostring(err), tostring(tol))
end

function check.tensors(ta, tb, tol, negate, ignore_dims)
   if not ignore_dims and ta:dim() ~= tb:dim() then return negate, 'The tensors have different dimensions' end
   if ta:type() ~= tb:type() then return negate, 'The tensors have different types' end
   if ta:dim() == 0 and tb:dim() == 0 then return not negate, 'Both tensors are empty' end
   local same
   if ignore_dims then same = ta:nElement() == tb:nElement() else same = ta:isSameSizeAs(tb) end
   if not same then return negate, 'The tensors have different sizes' end
   return same_format_eq(ta, tb, tol, negate, false)
end

function check.storages(sa, sb, tol, negate)
   if sa:size() ~= sb:size() then return negate, 'The storages have different sizes' end
   local ta, tb = torch.type(sa), torch.type(sb)
   if ta ~= tb then return negate, 'The storages have different types' end
   if sa:size() == 0 then return not negate end
   local ctor = torch[ta:match('^torch%.(%a+)Storage$') .. 'Tensor']
   return same_format_eq(ctor(sa), ctor(sb), tol, negate, true)
end

function check.eq(got, expected, tol, negate)
   if type(got) ~= type(expected) then
      if negate then return true end
      return false, 'EQ failed: values have different types (first: ' .. type(got) .. ', second: ' .. type(expected) .. ')'
   elseif type(got) == 'number' then
      local ok = math.abs(got - expected) <= tol
      if negate then ok = not ok end
      if ok then return true end
      local m = negate and string.format('NE failed: %s == %s', tostring(got), tostring(expected))
                       or string.format('EQ failed: %s ~= %s', tostring(got), tostring(expected))
      if tol > 0 then m = m .. ' with tolerance=' .. tostring(tol) end
      return false, m
   elseif type(expected) == 'table' then
      return check.tables(got, expected, tol, negate)
   elseif torch.isTensor(got) then
      return check.tensors(got, expected, tol, negate)
   elseif torch.isStorage(got) then
      return check.storages(got, expected, tol, negate)
   end
   local ok = got == expected
   if negate then ok = not ok end
   if ok then return true end
   return false, string.format(negate and 'NE failed: %s (%s) == %s (%s)' or 'EQ failed: %s (%s) ~= %s (%s)',
      tostring(got), type(got), tostring(expected), type(expected))
end

-- tables breadth first, so a difference is reported at the shallowest place
function check.tables(t1, t2, tol, negate)
   local queue, head = {{t1, t2}}, 1
   while queue[head] do
      local a, b, where = queue[head][1], queue[head][2], queue[head][3]
      head = head + 1
      local function at(k) return where and (where .. '.' .. tostring(k)) or tostring(k) end
      for k, v1 in pairs(a) do
         local v2 = b[k]
         if v2 == nil then
            return negate, string.format('Entry %s missing in second table (is %s in first)', at(k), tostring(v1))
         end
         if type(v1) == 'table' and type(v2) == 'table' then
            queue[#queue + 1] = {v1, v2, at(k)}
         else
            local ok, m = check.eq(v1, v2, tol, false)
            if not ok then return negate, 'At table location ' .. at(k) .. ': ' .. m end
         end
      end
      for k, v2 in pairs(b) do
         if a[k] == nil then
            return negate, string.format('Entry %s missing in first table (is %s in second)', at(k), tostring(v2))
         end
      end
   end
   return not negate, 'The tables are equal'
end
Tester._check = check

------------------------------------------------------------------------------------------------
-- the assertions: every one returns whether it passed
function Tester:assert(cond, ...)
   local m = get_message(...)
   if type(cond) ~= 'boolean' then
      self:_warning(' :assert should only be used for boolean conditions. To check for non-nil variables, '
         .. 'do this explicitly: Tester:assert(var ~= nil).')
   end
   return self:_assert_sub(cond, string.format('%sBOOL violation condition=%s', m, tostring(cond)))
end

function Tester:_eqOrNeq(got, expected, negate, ...)
   local tol, m = get_tolerance_and_message(0, ...)
   local ok, sub = check.eq(got, expected, tol, negate)
   return self:_assert_sub(ok, m .. (sub or ''))
end
function Tester:assertGeneralEq(got, expected, ...) return self:_eqOrNeq(got, expected, false, ...) end
function Tester:assertGeneralNe(got, unexpected, ...) return self:_eqOrNeq(got, unexpected, true, ...) end
function Tester:eq(got, expected, ...) return self:_eqOrNeq(got, expected, false, ...) end
function Tester:ne(got, unexpected, ...) return self:_eqOrNeq(got, unexpected, true, ...) end

local function compare(name, test, fmt)
   Tester[name] = function(self, a, b, ...)
      local m = get_message(...)
      return self:_assert_sub(test(a, b), string.format('%s' .. fmt, m, tostring(a), tostring(b)))
   end
end
compare('assertlt', function(a, b) return a < b end, 'LT failed: %s >= %s')
compare('assertgt', function(a, b) return a > b end, 'GT failed: %s <= %s')
compare('assertle', function(a, b) return a <= b end, 'LE failed: %s > %s')
compare('assertge', function(a, b) return a >= b end, 'GE failed: %s < %s')
compare('asserteq', function(a, b) return a == b end, 'EQ failed: %s ~= %s')

function Tester:assertne(a, b, ...)
   local m = get_message(...)
   if (type(a) == type(b) and type(a) == 'table') or type(a) == 'userdata' then
      self:_warning(' :assertne should only be used to compare basic lua objects (numbers, booleans, etc). '
         .. 'Consider using either :assertGeneralNe or :assert(a ~= b).')
   end
   return self:_assert_sub(a ~= b, string.format('%sNE failed: %s == %s', m, tostring(a), tostring(b)))
end

function Tester:assertalmosteq(a, b, ...)
   local tol, m = get_tolerance_and_message(1e-16, ...)
   return self:_assert_sub(math.abs(a - b) <= tol,
      string.format('%sALMOST_EQ failed: %s ~= %s with tolerance=%s', m, tostring(a), tostring(b), tostring(tol)))
end

function Tester:_assertTensorEqOrNeq(ta, tb, negate, ...)
   assert(torch.isTensor(ta), 'First argument should be a Tensor')
   assert(torch.isTensor(tb), 'Second argument should be a Tensor')
   local tol, m = get_tolerance_and_message(0, ...)
   local ok, sub = check.tensors(ta, tb, tol, negate, self._assertTensorEqIgnoresDims)
   if self._assertTensorEqIgnoresDims and not negate and ok and not ta:isSameSizeAs(tb) then
      self:_warning('Tensors have the same content but different dimensions. For backwards compatibility, '
         .. 'they are considered equal, but this may change in the future. Consider using :eq to check for '
         .. 'equality instead.')
   end
   return self:_assert_sub(ok, m .. (sub or ''))
end
function Tester:assertTensorEq(ta, tb, ...) return self:_assertTensorEqOrNeq(ta, tb, false, ...) end
function Tester:assertTensorNe(ta, tb, ...) return self:_assertTensorEqOrNeq(ta, tb, true, ...) end

function Tester:_assertTableEqOrNeq(ta, tb, negate, ...)
   assert(type(ta) == 'table', 'First argument should be a Table')
   assert(type(tb) == 'table', 'Second argument should be a Table')
   return self:_eqOrNeq(ta, tb, negate, ...)
end
function Tester:assertTableEq(ta, tb, ...) return self:_assertTableEqOrNeq(ta, tb, false, ...) end
function Tester:assertTableNe(ta, tb, ...) return self:_assertTableEqOrNeq(ta, tb, true, ...) end

function Tester:assertErrorObj(f, errcomp, ...)
   local m = get_message(...)
   local ok, err = pcall(f)
   return self:_assert_sub((not ok) and errcomp(err), string.format('%sERROR violation: err=%s', m, tostring(err)))
end
function Tester:assertError(f, ...) return self:assertErrorObj(f, function() return true end, ...) end
function Tester:assertErrorMsg(f, errmsg, ...)
   return self:assertErrorObj(f, function(err) return err == errmsg end, ...)
end
function Tester:assertErrorPattern(f, pattern, ...)
   return self:assertErrorObj(f, function(err) return string.find(err, pattern) ~= nil end, ...)
end
function Tester:assertNoError(f, ...)
   local m = get_message(...)
   local ok, err = pcall(f)
   return self:_assert_sub(ok, string.format('%sERROR violation: err=%s', m, tostring(err)))
end

------------------------------------------------------------------------------------------------
-- registering and running
function Tester:add(f, name)
   if type(f) == 'table' then
      assert(name == nil, 'Name parameter is forbidden for a table of tests, since its use is ambiguous')
      local t = suite_tests(f)
      if t == f then self:_warning('Should use TestSuite rather than plain lua table') end
      local keys = {}
      for k in pairs(t) do keys[#keys + 1] = k end
      table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
      for _, k in ipairs(keys) do
         assert(type(t[k]) ~= 'table', 'Nested sets of tests are not supported')
         self:add(t[k], k)
      end
      return self
   end
   assert(type(f) == 'function', 'Only tables of functions and functions supported')
   if name == '_setUp' then
      assert(not self._setUp, 'Only one set-up function allowed')
      self._setUp = f
   elseif name == '_tearDown' then
      assert(not self._tearDown, 'Only one tear-down function allowed')
      self._tearDown = f
   else
      name = name or 'unknown'
      if self.tests[name] ~= nil then error('Test with name ' .. tostring(name) .. ' already exists!', 2) end
      self.tests[name] = f
      self.testnames[#self.testnames + 1] = name
   end
   return self
end

function Tester:disable(names)
   if type(names) == 'string' then names = {names} end
   assert(type(names) == 'table', 'Expecting name or list for disable')
   for _, n in ipairs(names) do
      assert(self.tests[n], "Unrecognized test '" .. tostring(n) .. "'")
      self.disabledTests[n] = true
   end
   return self
end

-- the names to run: all, or those matching (string.match) one of the given patterns
function Tester:_getTests(patterns)
   if patterns == nil then return self.testnames end
   if type(patterns) == 'string' then patterns = {patterns} end
   assert(type(patterns) == 'table', 'Only accept a name or table of test names (or nil for all tests)')
   local chosen = {}
   for _, p in ipairs(patterns) do
      local found = false
      for _, n in ipairs(self.testnames) do
         if string.match(n, p) then found = true; chosen[n] = true end
      end
      assert(found, "Couldn't find test '" .. tostring(p) .. "'")
   end
   local names = {}
   for _, n in ipairs(self.testnames) do if chosen[n] then names[#names + 1] = n end end
   return names
end

function Tester:_pcall(f)
   local nerr = #self.errors
   local ok, result = xpcall(f, debug.traceback)
   if not ok then
      result = tostring(result):gsub('\n%s*%[C%]: in function \'xpcall\'.*$', '')
      self.errors[#self.errors + 1] = self._currentTestName .. '\n Function call failed\n' .. result .. '\n'
   end
   return ok, result, ok and nerr == #self.errors
end

local function bracket(s) return '[' .. s .. ']' end

function Tester:_run(names)
   local n = #names
   local nstr = string.format('%u', n)
   local cfmt = string.format('%%%uu/%u ', #nstr, n)
   local cfmtlen = #nstr * 2 + 2
   io.write('Running ' .. plural(n, 'test') .. '\n')
   for i, name in ipairs(names) do
      self._currentTestName = name
      local head = string.format(cfmt, i) .. name .. ' ' .. string.rep('.', WIDTH - 6 - 2 - cfmtlen - #name) .. ' '
      io.write(head .. bracket('WAIT'))
      io.flush()
      local ok, pass, skip = true, true, false
      if self.disabledTests[name] then
         skip = true
      else
         if self._setUp then self._setUp(name) end
         if self.rethrow then
            local nerr = #self.errors
            self.tests[name]()
            pass = nerr == #self.errors
         else
            ok, _, pass = self:_pcall(self.tests[name])
         end
         if self._tearDown then self._tearDown(name) end
      end
      io.write('\r' .. head)
      if skip then
         io.write(bracket('SKIP'))
      elseif not ok then
         self.testError[name] = 1
         io.write(bracket('ERROR'))
      elseif not pass then
         io.write(bracket('FAIL'))
      else
         io.write(bracket('PASS'))
         if self._warningCount[name] > 0 then
            io.write('\n' .. string.rep(' ', WIDTH - 10) .. bracket('+warning'))
         end
      end
      io.write('\n')
      io.flush()
      if self.earlyAbort and i < n and (not ok or not pass) and not skip then
         io.write('Aborting on first error, not all tests have been executed\n')
         break
      end
      collectgarbage()
   end
end

function Tester:_report(names)
   local nfail, nerr, nskip, nwarn = 0, 0, 0, 0
   self.countasserts = 0
   for _, name in ipairs(names) do
      self.countasserts = self.countasserts + self.assertionFail[name] + self.assertionPass[name]
      if self.assertionFail[name] > 0 then nfail = nfail + 1 end
      if self.testError[name] > 0 then nerr = nerr + 1 end
      if self._warningCount[name] > 0 then nwarn = nwarn + 1 end
      if self.disabledTests[name] then nskip = nskip + 1 end
   end
   nwarn = nwarn + (self._warningCount[''] or 0)
   io.write('Completed ' .. plural(self.countasserts, 'assert') .. ' in ' .. plural(#names, 'test') .. ' with '
      .. plural(nfail, 'failure') .. ' and ' .. plural(nerr, 'error'))
   if nwarn > 0 then io.write(' and ' .. plural(nwarn, 'warning')) end
   if nskip > 0 then io.write(' and ' .. nskip .. ' disabled') end
   io.write('\n')
   if not self.summaryOnly then
      local dashes = string.rep('-', WIDTH) .. '\n'
      local first = true
      for _, list in ipairs{self.errors, self.warnings} do
         for _, text in ipairs(list) do
            if first then io.write(dashes); first = false end
            io.write(text .. '\n' .. dashes)
         end
      end
   end
end

function Tester:run(patterns)
   local names = self:_getTests(patterns)
   self.assertionPass, self.assertionFail, self.testError = {}, {}, {}
   for _, name in ipairs(names) do
      self.assertionPass[name], self.assertionFail[name], self.testError[name] = 0, 0, 0
      self._warningCount[name] = 0
   end
   self:_run(names)
   self:_report(names)
   for _, name in ipairs(names) do
      if self.assertionFail[name] ~= 0 or self.testError[name] ~= 0 then
         error('An error was found while running tests!', 2)
      end
   end
   return 0
end

return Tester
