-- pl.path: the part of Penlight's path module torch scripts use. th loads Penlight, which makes
-- `path` a global on first use (karpathy/char-rnn calls path.join / path.exists without requiring
-- it); luann does the same (lua/torch/utils.lua). Unix paths only.
require 'lfs'

local path = {}
path.sep = '/'
path.dirsep = ':'

local function attrib(p, name) return lfs.attributes(p, name) end

function path.exists(p) return attrib(p, 'mode') ~= nil and p end
function path.isdir(p) return attrib(p, 'mode') == 'directory' end
function path.isfile(p) return attrib(p, 'mode') == 'file' end
function path.islink(p) return lfs.symlinkattributes(p, 'mode') == 'link' end
function path.getsize(p) return attrib(p, 'size') end
function path.getmtime(p) return attrib(p, 'modification') end
function path.getatime(p) return attrib(p, 'access') end
function path.getctime(p) return attrib(p, 'change') end
path.attrib = lfs.attributes
path.link_attrib = lfs.symlinkattributes
path.currentdir = lfs.currentdir
path.chdir = lfs.chdir
path.mkdir = lfs.mkdir
path.rmdir = lfs.rmdir
path.dir = lfs.dir

function path.isabs(p) return p:sub(1, 1) == '/' end

-- join(p1, p2, ...): an absolute part restarts the path; one separator between parts
function path.join(p1, p2, ...)
   if select('#', ...) > 0 then return path.join(path.join(p1, p2), ...) end
   if p2 == nil then return p1 end
   if path.isabs(p2) then return p2 end
   if p1 ~= '' and p1:sub(-1) ~= '/' then p1 = p1 .. '/' end
   return p1 .. p2
end

-- splitpath('a/b/c.txt') -> 'a/b', 'c.txt'; no separator -> '', p
function path.splitpath(p)
   local i = p:match('^.*()/')
   if not i then return '', p end
   return p:sub(1, i - 1), p:sub(i + 1)
end

-- splitext('a/b.c.txt') -> 'a/b.c', '.txt'; no dot in the last part -> p, ''
function path.splitext(p)
   local i = p:match('^.*()%.')
   if not i or p:find('/', i, true) then return p, '' end
   return p:sub(1, i - 1), p:sub(i)
end

function path.dirname(p) return (path.splitpath(p)) end
function path.basename(p) local _, b = path.splitpath(p); return b end
function path.extension(p) local _, e = path.splitext(p); return e end

function path.normpath(p)
   local abs = path.isabs(p)
   local parts = {}
   for part in p:gmatch('[^/]+') do
      if part == '..' and #parts > 0 and parts[#parts] ~= '..' then
         parts[#parts] = nil
      elseif part == '..' and abs then
         -- nothing above the root
      elseif part ~= '.' then
         parts[#parts + 1] = part
      end
   end
   local r = table.concat(parts, '/')
   if abs then return '/' .. r end
   return r == '' and '.' or r
end

function path.abspath(p, pwd)
   if not path.isabs(p) then p = path.join(pwd or lfs.currentdir(), p) end
   return path.normpath(p)
end

function path.expanduser(p)
   if p:sub(1, 1) ~= '~' then return p end
   return (os.getenv('HOME') or '') .. p:sub(2)
end

function path.tmpname() return os.tmpname() end

return path
