-- sys: torch7's small system helpers (th preloads it).
local U = torch._bridge.pyimport('luann.kernels.util')
local paths = require 'paths'

local sys = {}
package.loaded.sys = sys

sys.OS = U.uname()
function sys.uname() return sys.OS end
sys.prefix = paths.install_prefix

-- wall-clock seconds with sub-second resolution
function sys.clock() return U.clock() end
sys.tic_time = nil
function sys.tic() sys.tic_time = sys.clock(); return sys.tic_time end
function sys.toc(verbose)
   local d = sys.clock() - (sys.tic_time or 0)
   if verbose then print(d) end
   return d
end

-- run a shell command; returns its output with surrounding white space removed
function sys.execute(cmd, readwhat)
   if type(cmd) ~= 'string' then error("bad argument #1 to 'execute' (string expected, got " .. type(cmd) .. ')', 2) end
   local f = io.popen(cmd, 'r')
   local s = f:read(readwhat or '*all') or ''
   f:close()
   s = s:gsub('^%s*', ''):gsub('%s*$', '')
   return s
end
sys.fexecute = sys.execute

function sys.sleep(s) U.sleep(s) end
function sys.usleep(us) U.sleep(us / 1e6) end

sys.dirname = paths.dirname
sys.concat = paths.concat
-- the caller's file as torch7 gives it: absolute directory, then file name
function sys.fpath()
   local src = debug.getinfo(2, 'S').source
   if src:sub(1, 1) ~= '@' then return '.' end
   local fpath = src:sub(2)
   if fpath:sub(1, 1) ~= '/' then fpath = paths.concat(paths.cwd(), fpath) end
   return paths.dirname(fpath), paths.basename(fpath)
end
function sys.pwd() return paths.cwd() end
function sys.ls(d) return sys.execute('ls ' .. (d or '')) end
function sys.ll(d) return sys.execute('ls -l ' .. (d or '')) end
function sys.la(d) return sys.execute('ls -a ' .. (d or '')) end
function sys.lla(d) return sys.execute('ls -la ' .. (d or '')) end
function sys.filep(p) return paths.filep(p) end
function sys.dirp(p) return paths.dirp(p) end
sys.basename = paths.basename
sys.dir = paths.dir
-- an iterator over the names in directory d (nothing if it cannot be read)
function sys.files(d)
   local names = paths.dir(d) or {}
   local i = 0
   return function() i = i + 1; return names[i] end
end

-- split(str, pat): the pieces of str between matches of the Lua pattern pat; a match at the
-- very start yields no empty first piece, consecutive matches yield empty pieces
function sys.split(str, pat)
   local t = {}
   local fpat = '(.-)' .. pat
   local last_end = 1
   local s, e, cap = str:find(fpat, 1)
   while s do
      if s ~= 1 or cap ~= '' then t[#t + 1] = cap end
      last_end = e + 1
      s, e, cap = str:find(fpat, last_end)
   end
   if last_end <= #str then t[#t + 1] = str:sub(last_end) end
   return t
end

function sys.isNaN(x) return x ~= x end

local e = '\27['
sys.COLORS = {
   none = e .. '0m',
   black = e .. '0;30m', red = e .. '0;31m', green = e .. '0;32m', yellow = e .. '0;33m',
   blue = e .. '0;34m', magenta = e .. '0;35m', cyan = e .. '0;36m', white = e .. '0;37m',
   Black = e .. '1;30m', Red = e .. '1;31m', Green = e .. '1;32m', Yellow = e .. '1;33m',
   Blue = e .. '1;34m', Magenta = e .. '1;35m', Cyan = e .. '1;36m', White = e .. '1;37m',
   _black = e .. '40m', _red = e .. '41m', _green = e .. '42m', _yellow = e .. '43m',
   _blue = e .. '44m', _magenta = e .. '45m', _cyan = e .. '46m', _white = e .. '47m',
}
sys.COLORS.default = sys.COLORS.none
sys.COLORS.bright = e .. '1m'

return sys
