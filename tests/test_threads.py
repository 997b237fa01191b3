"""require 'threads': torch/threads' pools emulated one job at a time in luann's single state."""
import os

from conftest import run_cli


def rows(out):
    return [l.rstrip("\t") for l in out.splitlines()]


def test_init_functions_run_per_thread_in_order_with_threadid(lua):
    out = lua("""
    local threads = require 'threads'
    threads.serialization('threads.serialize')
    local seen = {}
    local pool, res = threads.Threads(3,
       function(i) print('first', i, __threadid) end,
       function(i) tmark = 'thread' .. i; return i * 10, __threadid end)
    for _, r in ipairs(res) do print(r[1], r[2]) end
    print(tmark, __threadid)
    pool:addjob(function() return tmark end, function(m) print('job saw', m) end)
    pool:synchronize()
    print(pool:specific(), pool:isrunning())
    pool:terminate()
    print(pool:isrunning())
    """)
    assert rows(out) == ["first\t1\t1", "first\t2\t2", "first\t3\t3",
                         "10\t1", "20\t2", "30\t3", "nil\tnil",
                         "job saw\tthread1", "false\ttrue", "false"]


def test_jobs_fifo_end_callbacks_only_in_dojob_and_synchronize(lua):
    out = lua("""
    local threads = require 'threads'
    local pool = threads(2)
    local log = {}
    for i = 1, 2 do
       pool:addjob(function(k) return k * k, __threadid end,
                   function(v, tid) log[#log + 1] = v .. '@' .. tid end, i)
    end
    print(#log, pool:hasjob(), pool:acceptsjob())
    pool:addjob(function() return 9, __threadid end, function(v, tid) log[#log + 1] = v .. '@' .. tid end)
    print(table.concat(log, ' '))          -- the full queue made addjob wait for one result
    pool:dojob()
    print(table.concat(log, ' '))
    pool:synchronize()
    print(table.concat(log, ' '), pool:hasjob())
    """)
    assert rows(out) == ["0\ttrue\tfalse", "1@1", "1@1 4@2", "1@1 4@2 9@1\tfalse"]


def test_specific_mode_targets_a_thread(lua):
    out = lua("""
    local pool = require('threads').Threads(3)
    pool:specific(true)
    for _, i in ipairs{3, 1, 3} do
       pool:addjob(i, function() return __threadid end, function(t) io.write(t, ' ') end)
    end
    pool:synchronize()
    io.write('\\n')
    pool:specific(false)
    print(pcall(pool.addjob, pool, 2, function() end))
    """)
    lines = rows(out)
    assert lines[0] == "3 1 3 "
    assert lines[1].startswith("false") and "function callback expected" in lines[1]


def test_arguments_and_upvalues_are_copied_when_the_job_is_added(lua):
    out = lua("""
    local threads = require 'threads'
    threads.serialization('threads.serialize')
    local pool = threads(1)
    local cfg = {n = 1}
    local t = torch.zeros(2)
    pool:addjob(function(x) cfg.n = cfg.n + 100; x:fill(5); return cfg.n, x end,
                function(n, x) print(n, x[1], t[1], x == t, torch.type(x)) end, t)
    cfg.n = 2
    pool:synchronize()
    print(cfg.n)
    """)
    assert rows(out) == ["101\t5\t0\tfalse\ttorch.DoubleTensor", "2"]


def test_sharedserialize_passes_tensors_by_reference(lua):
    out = lua("""
    local threads = require 'threads'
    threads.Threads.serialization('threads.sharedserialize')
    local pool = threads.Threads(2)
    local t = torch.zeros(3)
    local s = t:storage()
    pool:addjob(function(x, st) x:fill(7); return x, st, {x} end,
                function(x, st, tbl) print(x == t, st == s, tbl[1] == t, t[2]) end, t, s)
    pool:synchronize()
    print(threads.serialization())
    threads.serialization('threads.serialize')
    """)
    assert rows(out) == ["true\ttrue\ttrue\t7", "threads.sharedserialize"]


def test_threads_have_their_own_generator_and_default_tensor_type(lua):
    out = lua("""
    local threads = require 'threads'
    torch.manualSeed(5)
    local expect = torch.uniform()
    torch.manualSeed(5)
    local pool = threads(2, function(i)
       torch.manualSeed(100 + i)
       torch.setdefaulttensortype('torch.FloatTensor')
    end)
    pool:addjob(function() return torch.uniform(), torch.type(torch.Tensor()) end,
                function(u, ty) print(u == torch.uniform(), ty) end)
    pool:synchronize()
    torch.manualSeed(5)
    local main = torch.uniform()
    print(main == expect, torch.getdefaulttensortype())
    torch.manualSeed(101)
    local t1 = torch.uniform()
    pool:addjob(function() return torch.uniform() end, function(u) end)
    pool:specific(true)
    pool:addjob(1, function() torch.manualSeed(101); return torch.uniform() end,
                function(u) print(u == t1) end)
    pool:synchronize()
    """)
    assert rows(out) == ["false\ttorch.FloatTensor", "true\ttorch.DoubleTensor", "true"]


def test_files_loaded_in_a_thread_define_that_thread_globals(lua, tmp_path):
    f = tmp_path / "donkey.lua"
    f.write_text("loader = {id = __threadid}\nfunction loader.get() return loader.id end\n")
    out = lua("""
    local pool = require('threads').Threads(2, function() dofile(%r) end)
    pool:addjob(function() return loader.get() end, function(v) io.write(v, ' ') end)
    pool:addjob(function() return loader.get() end, function(v) io.write(v, ' ') end)
    pool:synchronize()
    print(loader)
    """ % str(f))
    assert rows(out) == ["1 2 nil"]


def test_job_error_is_reported_as_torch_threads_does(lua):
    out = lua("""
    local pool = require('threads').Threads(2)
    pool:addjob(function() return 1 end)
    pool:addjob(function()
       error('boom')
    end)
    local ok, err = pcall(function() pool:synchronize() end)
    print(err)
    pool:addjob(function() return 1 end, function() local x = nil; return x.y end)
    ok, err = pcall(function() pool:synchronize() end)
    print(err:match('^[^\\n]*'))
    pool:terminate()                 -- after an error, terminate does nothing (as torch/threads)
    print(pool:isrunning())
    pool:synchronize()
    pool:terminate()
    print(pcall(pool.addjob, pool, function() end))
    """)
    lines = rows(out)
    assert lines[0] == "test:7: [thread 2 callback] test:5: boom"
    assert lines[1] == "stack traceback:"
    assert lines[2] == "\t[C]: in function 'error'"
    assert lines[3] == "\ttest:5: in function <test:4>"
    assert lines[4] == "test:10: [thread 1 endcallback] test:9: attempt to index local 'x' (a nil value)"
    assert lines[5] == "true"
    assert lines[6] == "false\ttest:16: thread system is not running"


def test_uncaught_job_error_names_the_user_line(tmp_path):
    script = tmp_path / "s.lua"
    script.write_text("local threads = require 'threads'\n"
                      "local pool = threads.Threads(1, function() require 'torch' end)\n"
                      "pool:addjob(function() return torch.ones(2) + torch.ones(3) end)\n"
                      "pool:synchronize()\n")
    r = run_cli(str(script))
    assert r.returncode == 1
    assert "s.lua:4: [thread 1 callback] " in r.stderr
    assert "s.lua:3: " in r.stderr
    assert "Traceback (most recent call last)" not in r.stderr


def test_unserializable_job_is_a_fatal_thread_panic(tmp_path):
    script = tmp_path / "s.lua"
    script.write_text("local pool = require('threads').Threads(1)\n"
                      "local co = coroutine.create(function() end)\n"
                      "pool:addjob(function() return co end)\n"
                      "print('not reached')\n")
    r = run_cli(str(script))
    assert r.returncode == 255
    assert r.stdout.startswith("FATAL THREAD PANIC: (addjob) ")
    assert "Unwritable object <thread>" in r.stdout
    assert "not reached" not in r.stdout


def test_mutex_and_condition_stubs(lua, lua_err):
    out = lua("""
    local threads = require 'threads'
    local m = threads.Mutex()
    local c = threads.Condition()
    local pool = threads.Threads(2)
    local mid = m:id()
    pool:addjob(function()
       local threads = require 'threads'
       local mm = threads.Mutex(mid)
       mm:lock(); mm:unlock()
       return 'ok'
    end, function(r) print(r) end)
    pool:synchronize()
    c:signal(); c:broadcast(); m:free(); c:free()
    print(type(c:id()), threads.Mutex(mid) == m)
    """)
    assert rows(out) == ["ok", "number\ttrue"]
    msg = lua_err("local m = require('threads').Mutex(); m:lock(); m:lock()")
    assert msg.startswith("test:1: threads.Mutex:") and "wait forever" in msg


def test_class_defined_again_in_each_thread(lua):
    out = lua("""
    local threads = require 'threads'
    torch.class('mainOnlyLoader')
    local pool = threads.Threads(2, function()
       local L = torch.class('threadLoader')
       function L:__init(n) self.n = n end
       function L:size() return self.n * 10 end
       torch.class('mainOnlyLoader')
       loader = threadLoader(__threadid)
    end)
    pool:addjob(function() return loader:size(), torch.type(loader) end, function(s, ty) print(s, ty) end)
    pool:addjob(function() return loader:size() end, function(s) print(s) end)
    pool:synchronize()
    print(pcall(torch.class, 'mainOnlyLoader'))
    """)
    lines = rows(out)
    assert lines[:2] == ["10\tthreadLoader", "20"]
    assert lines[2].startswith("false") and "mainOnlyLoader has been already assigned a factory" in lines[2]


def test_setnumthreads_in_a_thread_stays_in_that_thread(lua):
    out = lua("""
    local n0 = torch.getnumthreads()
    torch.setnumthreads(3)
    local pool = require('threads')(2, function(i) if i == 2 then torch.setnumthreads(1) end end)
    pool:specific(true)
    for i = 1, 2 do
       pool:addjob(i, function() return torch.getnumthreads() end,
                   function(n) print(i, n, torch.getnumthreads()) end)
    end
    pool:synchronize()
    torch.setnumthreads(n0)
    """)
    assert rows(out) == ["1\t3\t3", "2\t1\t3"]


def test_threads_print_with_lua_print_not_th_print(lua):
    out = lua("""
    local pool = require('threads').Threads(1, function() print({a = 1}, 'x', 2) end)
    pool:synchronize()
    print({a = 1})
    """)
    lines = rows(out)
    assert lines[0].startswith("table: 0x") and lines[0].endswith("\tx\t2")
    assert lines[1:] == ["{", "  a : 1", "}"]


def test_module_first_required_in_a_thread_defines_globals_for_all(lua, tmp_path):
    (tmp_path / "thmod_globals.lua").write_text("thmod_flag = 'from the module'\nreturn {v = 42}\n")
    out = lua("""
    package.path = %r .. '/?.lua;' .. package.path
    local pool = require('threads').Threads(2, function() require 'thmod_globals' end)
    pool:addjob(function() return thmod_flag end, function(f) print(f) end)
    pool:synchronize()
    print(thmod_flag, require('thmod_globals').v)
    """ % str(tmp_path))
    assert rows(out) == ["from the module", "from the module\t42"]
