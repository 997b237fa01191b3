-- paths: torch7's file-name and directory helpers (th preloads it).
local U = torch._bridge.pyimport('luann.kernels.util')

local paths = {}
package.loaded.paths = paths

paths.sep = '/'
paths.is_win = function() return false end
paths.is_mac = function() return U.uname() == 'macos' end
paths.uname = function() return U.uname() end

local function str(s, fname)
   if type(s) ~= 'string' then error(string.format("bad argument #1 to '%s' (string expected, got %s)", fname, type(s)), 3) end
   return s
end

function paths.concat(...)
   local n = select('#', ...)
   if n == 0 then return U.cwd() end
   local r
   for i = 1, n do
      local p = select(i, ...)
      str(p, 'concat')
      if p:sub(1, 1) == '/' or r == nil then r = p
      elseif p ~= '' then
         if r:sub(-1) == '/' then r = r .. p else r = r .. '/' .. p end
      end
   end
   if r:sub(1, 1) ~= '/' then r = U.cwd() .. '/' .. r end
   -- normalise ./ and ../ and //
   local parts = {}
   for part in r:gmatch('[^/]+') do
      if part == '..' then if #parts > 0 then parts[#parts] = nil end
      elseif part ~= '.' then parts[#parts + 1] = part end
   end
   return '/' .. table.concat(parts, '/')
end

function paths.dirname(p)
   str(p, 'dirname')
   p = p:gsub('/+$', '')
   if p == '' then return '/' end
   local d = p:match('^(.*)/[^/]*$')
   if d == nil then return '.' end
   if d == '' then return '/' end
   return (d:gsub('/+$', ''))
end

function paths.basename(p, suffix)
   str(p, 'basename')
   p = p:gsub('/+$', '')
   local b = p:match('([^/]*)$')
   if suffix then
      local s = suffix:sub(1, 1) == '.' and suffix or '.' .. suffix
      if b:sub(-#s) == s then b = b:sub(1, -#s - 1) end
   end
   return b
end

function paths.extname(p)
   str(p, 'extname')
   local b = paths.basename(p)
   return b:match('^.+%.([^%.]+)$')
end

function paths.filep(p) return type(p) == 'string' and U.isfile(p) end
function paths.dirp(p) return type(p) == 'string' and U.isdir(p) end
paths.is_file = paths.filep
paths.is_dir = paths.dirp

function paths.mkdir(p) return U.mkdir(str(p, 'mkdir')) end
function paths.rmdir(p) return U.rmdir(str(p, 'rmdir')) end
function paths.rmall(p, yes)
   if yes ~= 'yes' then error("paths.rmall: the second argument must be 'yes'", 2) end
   return U.rmall(str(p, 'rmall'))
end

function paths.dir(p)
   local l = U.listdir(str(p, 'dir'))
   if l == nil then return nil end
   local r = {}
   for name in l:gmatch('[^%z]+') do r[#r + 1] = name end
   return r
end

-- files(dir [, include]): iterator over entry names; include is a pattern or a predicate
function paths.files(p, include)
   local l = paths.dir(p) or {}
   local i = 0
   return function()
      while true do
         i = i + 1
         local f = l[i]
         if f == nil then return nil end
         if include == nil then return f end
         if type(include) == 'function' then
            if include(f) then return f end
         elseif f:find(include) then return f end
      end
   end
end

function paths.iterfiles(p)
   local it = paths.files(p)
   return function()
      while true do
         local f = it()
         if f == nil then return nil end
         if f ~= '.' and f ~= '..' and U.isfile(p .. '/' .. f) then return f end
      end
   end
end

function paths.iterdirs(p)
   local it = paths.files(p)
   return function()
      while true do
         local f = it()
         if f == nil then return nil end
         if f ~= '.' and f ~= '..' and U.isdir(p .. '/' .. f) then return f end
      end
   end
end

paths.home = U.home()
function paths.cwd() return U.cwd() end
function paths.tmpname() return U.tmpname() end
function paths.findprogram(...)
   for i = 1, select('#', ...) do
      local r = U.findprogram((select(i, ...)))
      if r then return r end
   end
   return nil
end
paths.execdir = paths.dirname(torch.packageLuaPath('torch'))
paths.install_prefix = paths.execdir

local function caller_file(level)
   local src = debug.getinfo(level + 1, 'S').source
   if src:sub(1, 1) == '@' then return src:sub(2) end
   return nil
end

function paths.thisfile(arg)
   local f = caller_file(2)
   if arg then
      if f then return paths.concat(paths.dirname(f), arg) end
      return paths.concat(arg)
   end
   return f and paths.concat(f) or nil
end

-- dofile relative to the calling file's directory
function paths.dofile(f, ...)
   local src = caller_file(2)
   local p = f
   if src and f:sub(1, 1) ~= '/' then p = paths.concat(paths.dirname(src), f) end
   local chunk, err = loadfile(p)
   if not chunk then error(err, 2) end
   return chunk(...)
end

function paths.require(name)
   return require(name)
end

return paths
