-- nngraph.Node: a graph.Node whose data describes one step of a network:
--   data.module       the nn module applied at this node (none: the node is an identity)
--   data.mapindex     the input nodes' data, in order (also data -> position)
--   data.reverseMap   the nodes that take this node as an input (to find dangling ones)
--   data.annotations  name, description, graphAttributes, _debugLabel (where it was made)
--   data.input / data.gradOutput   filled while the gModule runs
--   data.selectindex / data.nSplitOutputs   the nodes made by :split(n)
local utils = require 'nngraph.utils'

local Node, parent = torch.class('nngraph.Node', 'graph.Node')

function Node:__init(data)
   parent.__init(self, data)
   self.data.annotations = self.data.annotations or {}
   self.data.mapindex = self.data.mapindex or {}
   self.data.reverseMap = self.data.reverseMap or {}
   if not self.data.annotations._debugLabel then
      self:_makeDebugLabel(utils.userFrame(2))
   end
end

-- '[file]:line_' of the code that created the node (shown as a tooltip in graphs
-- and in error messages)
function Node:_makeDebugLabel(dinfo)
   if dinfo then
      self.data.annotations._debugLabel = string.format('[%s]:%d_%s', dinfo.short_src,
         dinfo.currentline or 0, dinfo.name or '')
   end
end

-- add an input node; with domap, remember its position in data.mapindex
function Node:add(child, domap)
   parent.add(self, child)
   if domap then
      local mapindex = self.data.mapindex
      local data = child.data
      if mapindex[data] then
         utils.error("Don't pass the same input twice: " .. utils.describe(child) ..
            ' is already input ' .. mapindex[data] .. ' of ' .. utils.describe(self))
      end
      mapindex[#mapindex + 1] = data
      mapindex[data] = #mapindex
      -- the input node records that this node is downstream of it
      local revMap = child.data.reverseMap
      if revMap[self] then utils.error('this connection has already been made!') end
      revMap[self] = true
   end
end

-- n nodes, each taking one element of this node's (table) output
function Node:split(noutput)
   if type(noutput) ~= 'number' or noutput < 1 or noutput % 1 ~= 0 then
      utils.error('split: the number of outputs must be a positive integer, got ' .. tostring(noutput))
   end
   if noutput == 1 then
      return nngraph.JustElement()(self)
   end
   local debugLabel = self.data.annotations._debugLabel or ''
   local dinfo = utils.userFrame(2)
   local splitLoc = dinfo and string.format(' split at [%s]:%d', dinfo.short_src, dinfo.currentline) or ''
   local mnode = nngraph.Node({nSplitOutputs = noutput,
      annotations = {_debugLabel = debugLabel .. splitLoc .. '-mnode'}})
   mnode:add(self, true)
   local selectnodes = {}
   for i = 1, noutput do
      local node = nngraph.Node({selectindex = i, input = {},
         annotations = {_debugLabel = debugLabel .. '-' .. i}})
      node:add(mnode, true)
      selectnodes[i] = node
   end
   return unpack(selectnodes)
end

-- set annotations (name, description, graphAttributes = {color = 'red', ...}); returns the node
function Node:annotate(annotations)
   if type(annotations) ~= 'table' then
      utils.error('annotate: expecting a table like {name = ..., description = ..., graphAttributes = {...}}')
   end
   for k, v in pairs(annotations) do
      self.data.annotations[k] = v
   end
   return self
end

function Node:graphNodeName()
   if self.data.annotations.name then
      return self.data.annotations.name .. ' (' .. self.id .. ')'
   else
      return 'Node' .. self.id
   end
end

function Node:graphNodeAttributes()
   local ann = self.data.annotations
   ann.graphAttributes = ann.graphAttributes or {}
   if not ann.graphAttributes.tooltip then
      ann.graphAttributes.tooltip = ann._debugLabel
   end
   return ann.graphAttributes
end

local function nanFlag(t)
   if t:nElement() == 0 then return '' end
   if t:ne(t):sum() > 0 then return 'NaN' end
   if t:max() == math.huge then return 'inf' end
   if t:min() == -math.huge then return '-inf' end
   return ''
end

-- the text shown in graph nodes: the data fields, one per line (dot '\l' breaks)
function Node:label()
   local function str(v)
      if v == nil then return '' end
      if torch.isTensor(v) then
         local ty = v:type() == torch.Tensor():type() and 'Tensor' or v:type()
         local ok, flag = pcall(nanFlag, v)
         return ty .. '[' .. table.concat(v:size():totable(), 'x') .. ']' .. (ok and flag or '')
      elseif utils.istable(v) then
         local parts = {}
         for _, x in ipairs(v) do parts[#parts + 1] = str(x) end
         return '{' .. table.concat(parts, ',') .. '}'
      else
         return (tostring(v):gsub('\n', '\\l'))
      end
   end
   local keys = {}
   for k in pairs(self.data) do
      if k ~= 'forwardNodeId' and k ~= 'annotations' and k ~= 'reverseMap' then keys[#keys + 1] = k end
   end
   table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
   local lines = {}
   for _, k in ipairs(keys) do
      local v = self.data[k]
      if k == 'mapindex' then
         if #v > 1 then
            local ids = {}
            for _, d in ipairs(v) do ids[#ids + 1] = 'Node' .. (d.forwardNodeId or '') end
            lines[#lines + 1] = k .. ' = {' .. table.concat(ids, ',') .. '}'
         end
      else
         lines[#lines + 1] = k .. ' = ' .. str(v)
      end
   end
   local desc = ''
   if self.data.annotations.description then
      desc = 'desc = ' .. self.data.annotations.description .. '\\n'
   end
   return desc .. table.concat(lines, '\\l')
end

-- `a - m` is m(a) (operator sugar for chaining)
function Node.__sub__(prev, nxt)
   return nxt(prev)
end

return Node
