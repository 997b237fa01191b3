"""torch7's doc/tester.md (the Tester of torch7's last Tester.lua)."""
from conftest import run_cli

DOC_EXAMPLE = """local mytest = torch.TestSuite()
local tester = torch.Tester()

function mytest.testA()
   local a = torch.Tensor{1, 2, 3}
   local b = torch.Tensor{1, 2, 4}
   tester:eq(a, b, "a and b should be equal")
end

function mytest.testB()
   local a = {2, torch.Tensor{1, 2, 2}}
   local b = {2, torch.Tensor{1, 2, 2.001}}
   tester:eq(a, b, 0.01, "a and b should be approximately equal")
end

function mytest.testC()
   local function myfunc()
      return "hello " .. world
   end
   tester:assertNoError(myfunc, "myfunc shouldn't give an error")
end

tester:add(mytest)
tester:run()
"""


def test_doc_example_report(tmp_path):
    p = tmp_path / "test.lua"
    p.write_text(DOC_EXAMPLE)
    r = run_cli("test.lua", cwd=str(tmp_path))
    assert r.returncode == 1
    dashes = "-" * 80
    assert r.stdout.endswith(
        "Completed 3 asserts in 3 tests with 2 failures and 0 errors\n" + dashes + "\n"
        "testA\na and b should be equal\nTensorEQ(==) violation: max diff=1, tolerance=0\n"
        "stack traceback:\n\ttest.lua:7: in function <test.lua:4>\n" + dashes + "\n"
        "testC\nmyfunc shouldn't give an error\n"
        "ERROR violation: err=test.lua:18: attempt to concatenate global 'world' (a nil value)\n"
        "stack traceback:\n\ttest.lua:20: in function <test.lua:16>\n" + dashes + "\n")
    assert "2/3 testB " + "." * 63 + " [PASS]" in r.stdout
    assert "An error was found while running tests!" in r.stderr


def test_disable_setup_patterns_and_messages(lua, lua_err):
    out = lua(r"""
local tester = torch.Tester()
local tests = torch.TestSuite()
local seen = {}
function tests.brokenTest() end
function tests.other() end
tester:add(tests):add(function(name) seen[#seen + 1] = 'up ' .. name end, '_setUp')
tester:disable('brokenTest'):run('^b')
io.write(#seen, '\n')
tester:run('oth')
io.write(table.concat(seen, ','), '\n')
local t = torch.Tester(); t._currentTestName = 'x'
t.assertionPass, t.assertionFail = {x = 0}, {x = 0}
local r = {t:assertlt(2, 1, 'm'), t:asserteq({}, {}), t:assertGeneralEq({1, {2}}, {1, {2}}),
   t:assertGeneralNe(1, 2), t:assertalmosteq(1, 1.1, 'tol first', 0.2), t:eq(1, 1.05, 0.1)}
for i, v in ipairs(r) do r[i] = tostring(v) end
io.write(table.concat(r, ' '), '\n')
io.write(t.errors[1]:match('^x\nm\nLT failed: 2 >= 1\n') and 'lt ok' or t.errors[1], '\n')
io.write(t.errors[2]:match('^x\nEQ failed: table: 0x%x+ ~= table: 0x%x+\n') and 'eq ok' or t.errors[2], '\n')
local _, m = t._check.eq({a = {b = 1}}, {a = {b = 2}}, 0, false)
io.write(m, '\n')
""")
    lines = out.replace("\r", "\n").split("\n")
    assert "1/1 brokenTest " + "." * 58 + " [SKIP]" in lines
    assert "Completed 0 asserts in 1 test with 0 failures and 0 errors and 1 disabled" in lines
    assert "0" in lines   # a disabled test does not run _setUp
    assert lines[-6:] == ["up other", "false false true true true true", "lt ok", "eq ok",
                          "At table location a.b: EQ failed: 1 ~= 2", ""]
    assert "Couldn't find test 'nope'" in lua_err("local t = torch.Tester(); t:add(function() end, 'a'); t:run('nope')")


def test_testsuite_is_torch7s_table(lua, lua_err):
    out = lua("""
local s = torch.TestSuite()
function s.a() end
io.write(tostring(s.__isTestSuite), ' ', type(s.__tests.a), ' ', type(s.a), '\\n')
""")
    assert out == "true function function\n"
    assert "Only functions are supported as members of a TestSuite" in lua_err("torch.TestSuite().x = 1")
    assert "Nested tables of tests are not supported" in lua_err("torch.TestSuite().x = {}")
