-- helpers shared by the nngraph files
local utils = {}

function utils.istorchclass(x)
   return type(x) == 'table' and torch.typename(x)
end

-- a plain Lua table (not a torch class instance, not a tensor)
function utils.istable(x)
   return type(x) == 'table' and not torch.typename(x)
end

utils.tableMaxN = table.maxn or function(t)
   local n = 0
   for k in pairs(t) do
      if type(k) == 'number' and k > n then n = k end
   end
   return n
end

-- the directory holding the luann Lua packages (lua/), to tell user frames from ours
local here = debug.getinfo(1, 'S').source
local luadir = here:match('^@(.*[/\\])nngraph[/\\]utils%.lua$')
local internal = {}
if luadir then
   for _, p in ipairs{'nngraph/', 'graph/', 'torch/', 'nn/'} do
      internal[#internal + 1] = '@' .. luadir .. p
   end
end

local function isInternal(source)
   if source == '=[C]' then return true end
   for _, p in ipairs(internal) do
      if source:sub(1, #p) == p then return true end
   end
   return false
end

-- debug info of the first stack frame (from `level` up) that is user code
function utils.userFrame(level)
   level = (level or 1) + 1
   while true do
      local info = debug.getinfo(level, 'Sl')
      if not info then return nil end
      if not isInternal(info.source) then return info end
      level = level + 1
   end
end

-- 'file:line: ' of the user code that led here ('' when none)
function utils.where()
   local info = utils.userFrame(2)
   if info and info.currentline and info.currentline > 0 then
      return info.short_src .. ':' .. info.currentline .. ': '
   end
   return ''
end

-- raise msg, located at the user's line (not inside nngraph)
function utils.error(msg)
   error(utils.where() .. msg, 0)
end

-- a short description of a node for error messages:
-- "nn.Linear(3 -> 4) 'i2h' (node 5, declared at [test]:4_)"
function utils.describe(node)
   local data = node.data or {}
   local what
   if data.module then
      what = tostring(data.module):match('^[^\n]*')
      if #what > 60 then what = what:sub(1, 57) .. '...' end
   elseif data.selectindex then
      what = 'split output ' .. data.selectindex
   elseif data.nSplitOutputs then
      what = 'split(' .. data.nSplitOutputs .. ')'
   else
      what = 'module-less node'
   end
   local ann = data.annotations or {}
   if ann.name then what = what .. " '" .. tostring(ann.name) .. "'" end
   local extra = {}
   if data.forwardNodeId then extra[#extra + 1] = 'node ' .. data.forwardNodeId end
   if ann._debugLabel then extra[#extra + 1] = 'declared at ' .. ann._debugLabel end
   if #extra > 0 then what = what .. ' (' .. table.concat(extra, ', ') .. ')' end
   return what
end

-- the message for something passed where an nngraph.Node was expected
function utils.expectingNodeErrorMessage(badVal, array, idx)
   if badVal == nil then
      return string.format('%s[%d] is nil (typo / bad index?)', array, idx)
   elseif torch.isTypeOf(badVal, 'nn.Module') then
      return string.format('%s[%d] is an nn.Module, specifically a %s, but the only valid thing ' ..
         'to pass is an instance of nngraph.Node. Did you forget a second set of parens, which ' ..
         'convert a nn.Module to a nngraph.Node?', array, idx, torch.typename(badVal))
   else
      return string.format('%s[%d] should be an nngraph.Node but is of type %s', array, idx,
         torch.typename(badVal) or type(badVal))
   end
end

return utils
