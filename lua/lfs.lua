-- lfs: the LuaFileSystem calls torch scripts use (torch's distro installs it; karpathy/char-rnn
-- requires it): attributes, symlinkattributes, mkdir, rmdir, chdir, currentdir, dir, touch.
-- Failures return nil plus a message, as LuaFileSystem does.
local K = torch._bridge.pyimport('luann.kernels.lfs')

local lfs = {_VERSION = 'LuaFileSystem 1.6.3 (luann)'}
package.loaded.lfs = lfs
rawset(_G, 'lfs', lfs)   -- LuaFileSystem's luaL_register makes the global too

local FIELDS = {'mode', 'size', 'modification', 'access', 'change', 'permissions', 'dev', 'ino',
   'nlink', 'uid', 'gid', 'rdev', 'blocks', 'blksize'}

local function checkpath(p, fname)
   if type(p) ~= 'string' then
      error(string.format("bad argument #1 to '%s' (string expected, got %s)", fname, type(p)), 3)
   end
end

local function attrs(path, aname, follow, fname)
   checkpath(path, fname)
   local r = {K.attributes(path, follow)}
   if r[1] == nil then return nil, r[2] end
   local t = {}
   for i, k in ipairs(FIELDS) do t[k] = r[i] end
   if type(aname) == 'string' then
      if t[aname] == nil then error("invalid attribute name '" .. aname .. "'", 3) end
      return t[aname]
   elseif type(aname) == 'table' then
      for k, v in pairs(t) do aname[k] = v end
      return aname
   end
   return t
end

function lfs.attributes(path, aname) return attrs(path, aname, true, 'attributes') end
function lfs.symlinkattributes(path, aname) return attrs(path, aname, false, 'symlinkattributes') end

local function result(ok, err)
   if ok then return true end
   return nil, err
end
function lfs.mkdir(path) checkpath(path, 'mkdir'); return result(K.mkdir(path)) end
function lfs.rmdir(path) checkpath(path, 'rmdir'); return result(K.rmdir(path)) end
function lfs.chdir(path) checkpath(path, 'chdir'); return result(K.chdir(path)) end
function lfs.currentdir() return K.currentdir() end
function lfs.touch(path, atime, mtime) checkpath(path, 'touch'); return result(K.touch(path, atime, mtime)) end

function lfs.dir(path)
   checkpath(path, 'dir')
   local s, err = K.listdir(path)
   if s == nil then error(err, 2) end
   local names, i = {}, 0
   for name in (s .. '\0'):gmatch('([^%z]*)%z') do names[#names + 1] = name end
   return function()
      i = i + 1
      return names[i]
   end
end

return lfs
