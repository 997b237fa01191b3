-- pl.dir: the part of Penlight's dir module torch data loaders use (dcgan.torch's dataset.lua:
-- dir.getdirectories). Lists are plain Lua arrays of full paths, in the directory's own order.
require 'lfs'
local path = require 'pl.path'

local dir = {}

local function check_dir(fname, d)
   if type(d) ~= 'string' then
      error(string.format("argument 1 expected a 'string', got a '%s'", type(d)), 3)
   end
end

-- shell wildcards (*, ?, [...]) -> a Lua pattern matching the whole name
function dir.fnmatch(name, pattern)
   local p = '^' .. pattern:gsub('[%^%$%(%)%%%.%+%-]', '%%%0'):gsub('%*', '.*'):gsub('%?', '.') .. '$'
   return name:find(p) ~= nil
end

function dir.filter(files, pattern)
   local res = {}
   for _, f in ipairs(files) do
      if dir.fnmatch(path.basename(f), pattern) then res[#res + 1] = f end
   end
   return res
end

local function list(d, want_file, mask)
   d = d or '.'
   check_dir('list', d)
   local res = {}
   for f in lfs.dir(d) do
      if f ~= '.' and f ~= '..' then
         local p = path.join(d, f)
         local ok
         if want_file then ok = path.isfile(p) else ok = path.isdir(p) end
         if ok and (not mask or dir.fnmatch(f, mask)) then res[#res + 1] = p end
      end
   end
   return res
end

function dir.getfiles(d, mask) return list(d, true, mask) end
function dir.getdirectories(d) return list(d, false) end

-- every file below d (recursively), optionally matching a shell mask
function dir.getallfiles(d, mask)
   local res = {}
   local function walk(p)
      for _, f in ipairs(list(p, true, mask)) do res[#res + 1] = f end
      for _, sub in ipairs(list(p, false)) do walk(sub) end
   end
   walk(d or '.')
   return res
end

-- walk(root, bottom_up): an iterator giving (dirpath, subdirnames, filenames) per directory
function dir.walk(root, bottom_up)
   local out = {}
   local function visit(p)
      local dirs, files = {}, {}
      for f in lfs.dir(p) do
         if f ~= '.' and f ~= '..' then
            if path.isdir(path.join(p, f)) then dirs[#dirs + 1] = f else files[#files + 1] = f end
         end
      end
      if not bottom_up then out[#out + 1] = {p, dirs, files} end
      for _, sub in ipairs(dirs) do visit(path.join(p, sub)) end
      if bottom_up then out[#out + 1] = {p, dirs, files} end
   end
   visit(root)
   local i = 0
   return function()
      i = i + 1
      if out[i] then return out[i][1], out[i][2], out[i][3] end
   end
end

function dir.makepath(p)
   p = path.abspath(p)
   local cur = ''
   for part in p:gmatch('[^/]+') do
      cur = cur .. '/' .. part
      if not path.isdir(cur) then
         local ok, err = lfs.mkdir(cur)
         if not ok then return nil, err end
      end
   end
   return true
end

function dir.rmtree(p)
   if not path.isdir(p) then return nil, 'not a directory' end
   for root, dirs, files in dir.walk(p, true) do
      for _, f in ipairs(files) do os.remove(path.join(root, f)) end
      local ok, err = lfs.rmdir(root)
      if not ok then return nil, err end
   end
   return true
end

function dir.copyfile(src, dest)
   local fi = io.open(src, 'rb')
   if not fi then return false end
   if path.isdir(dest) then dest = path.join(dest, path.basename(src)) end
   local fo = io.open(dest, 'wb')
   if not fo then fi:close(); return false end
   fo:write(fi:read('*a'))
   fi:close(); fo:close()
   return true
end

function dir.movefile(src, dest)
   if path.isdir(dest) then dest = path.join(dest, path.basename(src)) end
   return os.rename(src, dest) and true or false
end

return dir
