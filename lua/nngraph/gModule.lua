-- nn.gModule(inputs, outputs): a Container running a directed acyclic graph of
-- modules (nngraph.Nodes).  The forward graph `fg` runs from a dummy input node
-- (split across the inputs when there are several) to a dummy output node; the
-- backward graph `bg` is its reverse.  `forwardnodes`/`backwardnodes` are their
-- topological orders; `modules` lists the nodes' modules in forward order, so
-- parameters()/getParameters()/training()/type() work as for any Container.
local nesting = require 'nngraph.nesting'
local utils = require 'nngraph.utils'
local istable = utils.istable
local describe = utils.describe

local gModule, parent = torch.class('nn.gModule', 'nn.Container')

-- the gradient reaching a node: the sum of the gradients from its consumers
-- (kept in data.gradOutputBuffer), or the only one
local function getTotalGradOutput(node)
   local gradOutput = node.data.gradOutput
   if not istable(gradOutput) or #gradOutput == 0 then
      utils.error('nn.gModule: no gradient reached ' .. describe(node) ..
         ' (is every split output and every output connected?)')
   end
   if #gradOutput == 1 then return gradOutput[1] end
   if not node.data.gradOutputBuffer then
      -- when all gradients but one are zero tensors over a one-element storage,
      -- the sum is that one: no buffer needed
      local count, idx = 0, 1
      for i = 1, #gradOutput do
         local g = gradOutput[i]
         local zero = torch.isTensor(g) and g:storage() ~= nil and g:storage():size() == 1
                      and g:storage()[1] == 0
         if not zero then idx = i; count = count + 1 end
      end
      if count < 2 then return gradOutput[idx] end
   end
   node.data.gradOutputBuffer = node.data.gradOutputBuffer or nesting.cloneNested(gradOutput[1])
   local buf = node.data.gradOutputBuffer
   nesting.resizeNestedAs(buf, gradOutput[1])
   nesting.copyNested(buf, gradOutput[1])
   for i = 2, #gradOutput do nesting.addNestedTo(buf, gradOutput[i]) end
   return buf
end

local function nodeInput(node)
   local input = node.data.input
   if input == nil and node.data.module ~= nil then input = {} end -- a parameter node
   if #input == 1 then input = input[1] end
   return input
end

-- run f(module, ...) (f defaults to module[fname]) and, on error, say which node failed
local function addTraceback(err)
   err = torch._relocate(err)
   if type(err) == 'string' and not err:find('stack traceback', 1, true) then
      err = debug.traceback(err, 2)
   end
   return err
end

local function callNode(self, node, fname, f, ...)
   local module = node.data.module
   local ok, res = xpcall(f or module[fname], addTraceback, module, ...)
   if not ok then
      if nngraph._debug then pcall(nngraph._saveFailedGraph, self, node) end
      if type(res) == 'string' then
         -- the user's file:line goes in front (once: the wrapped message's own copy is dropped)
         local pos = torch._user_position()
         if pos ~= '' and res:sub(1, #pos) == pos then res = res:sub(#pos + 1) end
         res = string.format('%sIn %s of %s, during %s:\n%s', pos, describe(node),
            tostring(self):match('^[^\n]*'), fname, res)
      end
      error(res, 0)
   end
   return res
end

local function checkNodeList(list, what)
   if type(list) ~= 'table' or torch.typename(list) then
      utils.error(string.format('nn.gModule: argument %s must be a table of nngraph.Nodes, got %s',
         what == 'inputs' and '#1 (inputs)' or '#2 (outputs)', torch.type(list)))
   end
   for i = 1, utils.tableMaxN(list) do
      if torch.typename(list[i]) ~= 'nngraph.Node' then
         utils.error(utils.expectingNodeErrorMessage(list[i], what, i))
      end
   end
end

function gModule:__init(inputs, outputs)
   parent.__init(self)
   checkNodeList(inputs, 'inputs')
   checkNodeList(outputs, 'outputs')
   if #outputs == 0 then utils.error('nn.gModule: no outputs were given') end
   if #inputs == 0 then utils.error('nn.gModule: no inputs are not supported') end

   local function noRepeats(list, what)
      local seen = {}
      for i = 1, #list do
         local j = seen[list[i]]
         if j then
            utils.error(string.format('nn.gModule: %s %d and %d are the same node, %s', what, j, i,
               describe(list[i])))
         end
         seen[list[i]] = i
      end
   end
   noRepeats(inputs, 'inputs')
   noRepeats(outputs, 'outputs')

   for i = 1, #inputs do
      if #inputs[i].children > 0 then
         utils.error(string.format('nn.gModule: input %d, %s, has inputs itself; an input should ' ..
            'have no inputs (make it with nn.Identity()() or m())', i, describe(inputs[i])))
      end
   end
   -- the dummy output node takes every output as input
   local outnode = nngraph.Node({input = {}})
   for i = 1, #outputs do outnode:add(outputs[i], true) end
   -- the dummy input node feeds the inputs (through a split when there are several)
   local innode = nngraph.Node({input = {}})
   if #inputs == 1 then
      inputs[1]:add(innode, true)
   else
      local splits = {innode:split(#inputs)}
      for i = 1, #inputs do inputs[i]:add(splits[i], true) end
   end

   -- if the graph is rejected, the user's nodes are left as they were, so that a
   -- corrected nn.gModule(...) call can use them again
   local ok, err = pcall(self._build, self, inputs, outputs, innode, outnode)
   if not ok then
      for i = 1, #outputs do outputs[i].data.reverseMap[outnode] = nil end
      for i = 1, #inputs do
         local node = inputs[i]
         local added = node.children[#node.children]
         node.children[#node.children] = nil
         if added ~= nil then
            node.children[added] = nil
            local mapindex = node.data.mapindex
            mapindex[added.data] = nil
            mapindex[#mapindex] = nil
         end
      end
      error(err, 0)
   end
end

function gModule:_build(inputs, outputs, innode, outnode)

   -- the backward graph (bg) carries gradients, the forward graph (fg) values
   self.bg = outnode:graph()
   self.fg = self.bg:reverse()

   local inGraph = {}
   for _, node in ipairs(self.fg.nodes) do
      inGraph[node.data] = true
      node.data.forwardNodeId = node.id   -- for node:label() and error messages
   end
   for i = 1, #inputs do
      if not inGraph[inputs[i].data] then
         utils.error(string.format('nn.gModule: input %d, %s, does not connect to any output',
            i, describe(inputs[i])))
      end
   end

   -- the only root must be the input node (or nnop.Parameters nodes)
   local innodeRoot
   for _, root in ipairs(self.fg:roots()) do
      if root.data == innode.data then
         innodeRoot = root
      elseif not (root.data.module and torch.typename(root.data.module) == 'nnop.Parameters') then
         utils.error(string.format('nn.gModule: %s has no inputs but is not one of the gModule ' ..
            'inputs: pass it in the inputs table, or give it an input ' ..
            '(torch7: Expected nnop.Parameters node, found : %s)', describe(root),
            root.data.module and torch.typename(root.data.module) or 'no module'))
      end
   end
   if not innodeRoot then utils.error('nn.gModule: input node not found among roots') end
   self.innode = innodeRoot
   self.outnode = outnode
   self.verbose = false
   self.nInputs = #inputs

   -- computation runs over the topological orders of both graphs
   self.forwardnodes = self.fg:topsort()
   self.backwardnodes = self.bg:topsort()

   for _, node in ipairs(self.forwardnodes) do
      -- every output of a split must be used
      if node.data.nSplitOutputs and node.data.nSplitOutputs ~= #node.children then
         local used, unused = {}, {}
         for _, child in ipairs(node.children) do
            if child.data.selectindex then used[child.data.selectindex] = true end
         end
         for k = 1, node.data.nSplitOutputs do
            if not used[k] then unused[#unused + 1] = tostring(k) end
         end
         utils.error(string.format('%d of split(%d) outputs from the node declared at %s are unused ' ..
            '(%s %s of the split of %s %s not lead to any gModule output)',
            node.data.nSplitOutputs - #node.children, node.data.nSplitOutputs,
            tostring(node.data.annotations._debugLabel), #unused == 1 and 'output' or 'outputs',
            table.concat(unused, ', '),
            describe(node.data.mapindex[1] and {data = node.data.mapindex[1]} or node),
            #unused == 1 and 'does' or 'do'))
      end
      -- every node made from this one must lead to an output
      for successor in pairs(node.data.reverseMap) do
         if not inGraph[successor.data] then
            utils.error(string.format('node declared on %s does not connect to gmodule output: %s ' ..
               'takes the output of %s but no gModule output depends on it',
               tostring(successor.data.annotations._debugLabel), describe(successor), describe(node)))
         end
      end
      if node.data.module then self:add(node.data.module) end
   end

   self.output = nil
   self.gradInput = nil
   if #self.outnode.children > 1 then
      self.output = self.outnode.data.input
   end
end

-- calls func(module, gm_module) on the modules of two gModules of the same structure
function gModule:map(gm, func)
   for i, node in ipairs(self.forwardnodes) do
      local gmnode = gm.forwardnodes[i]
      assert(gmnode, 'trying to map another gModule with a different structure')
      if node.data.module then
         assert(gmnode.data.module, 'trying to map another gModule with a different structure')
         func(node.data.module, gmnode.data.module)
      end
   end
end

-- type(t) for every tensor in a (nested) array
local function recursiveType(param, type_str)
   if torch.type(param) == 'table' then
      for i = 1, #param do param[i] = recursiveType(param[i], type_str) end
   elseif torch.isTensor(param) then
      param = param:type(type_str)
   end
   return param
end

function gModule:type(type, tensorCache)
   if not type then return self._type end
   tensorCache = tensorCache or {}
   local function applyTypeToTable(t)
      for k, v in pairs(t) do t[k] = recursiveType(v, type) end
   end
   applyTypeToTable(self)
   if self.innode then applyTypeToTable(self.innode.data) end
   if self.outnode then applyTypeToTable(self.outnode.data) end
   for _, m in ipairs(self.modules) do m:type(type, tensorCache) end
   for _, node in ipairs(self.backwardnodes) do
      if node.data.gradOutputBuffer ~= nil then
         node.data.gradOutputBuffer = recursiveType(node.data.gradOutputBuffer, type)
      end
   end
   self._type = type
   return self
end

function gModule:updateOutput(input)
   return self:runForwardFunction('updateOutput', input)
end

function gModule:clearState()
   local ret = parent.clearState(self)
   for _, node in ipairs(self.backwardnodes) do
      node.data.gradOutput = nil
      node.data.gradOutputBuffer = nil
   end
   for _, node in ipairs(self.forwardnodes) do
      node.data.input = nil
   end
   return ret
end

local function clear(t)
   if t then for k in pairs(t) do t[k] = nil end end
end

-- runs func (a module method name, or function(module, input)) over the forward graph
function gModule:runForwardFunction(func, input)
   local fname, f = func, nil
   if type(func) ~= 'string' then fname, f = 'runForwardFunction', func end
   local nInputs = self.nInputs or #self.innode.children
   -- the input is seen as a list of inputs
   if nInputs <= 1 then
      input = {input}
   elseif type(input) ~= 'table' or torch.typename(input) then
      utils.error(string.format('nn.gModule: expecting table of %s inputs, got %s', nInputs, torch.type(input)))
   end
   if #input ~= nInputs then
      utils.error(string.format('Got %s inputs instead of %s', #input, nInputs))
   end

   local function propagate(node, x)
      for _, child in ipairs(node.children) do
         child.data.input = child.data.input or {}
         local mapindex = child.data.mapindex[node.data]
         assert(child.data.input[mapindex] == nil, 'each input should have one source')
         child.data.input[mapindex] = x
      end
   end

   local function neteval(node)
      local data = node.data
      if data.selectindex then
         local from = data.input and data.input[1]
         if not istable(from) then
            utils.error(string.format('nn.gModule: %s selects element %d of the output of %s, ' ..
               'which is a %s, not a table', describe(node), data.selectindex,
               describe({data = data.mapindex[1]}), torch.type(from)))
         end
         propagate(node, from[data.selectindex])
      else
         local x = nodeInput(node)
         local output
         if not data.module then
            output = x           -- a node without a module acts as nn.Identity
         else
            output = callNode(self, node, fname, f, x)
         end
         if data.nSplitOutputs then
            if not istable(output) then
               utils.error(string.format('split(%s) cannot split the output of %s: it is a %s, not a table',
                  data.nSplitOutputs, describe({data = data.mapindex[1]}), torch.type(output)))
            elseif data.nSplitOutputs ~= #output then
               utils.error(string.format('split(%s) cannot split %s outputs (the output of %s)',
                  data.nSplitOutputs, #output, describe({data = data.mapindex[1]})))
            end
         end
         propagate(node, output)
      end
      if self.verbose then print(' V : ' .. node:label()) end
   end

   -- clear the inputs of the last run, then set the starting input
   for _, node in ipairs(self.forwardnodes) do clear(node.data.input) end
   local innode = self.innode
   innode.data.input = innode.data.input or {}
   for i = 1, nInputs do innode.data.input[i] = input[i] end

   for _, node in ipairs(self.forwardnodes) do neteval(node) end

   self.output = self.outnode.data.input
   if #self.outnode.children == 1 then
      self.output = self.output[1]
   end
   return self.output
end

local function checkGradOutput(self, gradOutput)
   local n = #self.outnode.children
   if n > 1 then
      if type(gradOutput) ~= 'table' or torch.typename(gradOutput) then
         utils.error(string.format('nn.gModule: expecting a table of %d gradOutputs (one per output), got %s',
            n, torch.type(gradOutput)))
      elseif #gradOutput ~= n then
         utils.error(string.format('Got %s gradOutputs instead of %s', #gradOutput, n))
      end
   end
end

function gModule:updateGradInput(input, gradOutput)
   checkGradOutput(self, gradOutput)
   local function neteval(node)
      local data = node.data
      if data.selectindex then
         -- the gradient of one split output goes into slot selectindex of the split's gradient
         local child = node.children[1]
         local go = getTotalGradOutput(node)
         child.data.gradOutput = child.data.gradOutput or {}
         child.data.gradOutput[1] = child.data.gradOutput[1] or {}
         child.data.gradOutput[1][data.selectindex] = go
      else
         local gradOutput = getTotalGradOutput(node)
         local gradInput
         if not data.module then
            gradInput = gradOutput  -- a node without a module acts as nn.Identity
         else
            gradInput = callNode(self, node, 'updateGradInput', nil, nodeInput(node), gradOutput)
         end
         -- pass the gradients on to the inputs
         local single = #node.children == 1
         for _, child in ipairs(node.children) do
            child.data.gradOutput = child.data.gradOutput or {}
            local gi
            if single then
               gi = gradInput
            else
               gi = gradInput[data.mapindex[child.data]]
            end
            table.insert(child.data.gradOutput, gi)
         end
      end
      if self.verbose then print(' V : ' .. node:label()) end
   end

   for _, node in ipairs(self.backwardnodes) do clear(node.data.gradOutput) end
   local outnode = self.outnode
   outnode.data.gradOutput = outnode.data.gradOutput or {}
   outnode.data.gradOutput[1] = gradOutput

   for _, node in ipairs(self.backwardnodes) do neteval(node) end

   assert(#self.innode.data.gradOutput == 1, 'expecting the innode to be used only once')
   self.gradInput = self.innode.data.gradOutput[1]
   return self.gradInput
end

function gModule:accGradParameters(input, gradOutput, lr)
   checkGradOutput(self, gradOutput)
   for _, node in ipairs(self.backwardnodes) do
      local data = node.data
      if data.module then
         local go = data.gradOutput
         if #go > 1 then
            go = data.gradOutputBuffer or getTotalGradOutput(node)
         else
            go = go[1]
         end
         callNode(self, node, 'accGradParameters', nil, nodeInput(node), go, lr)
      end
      if self.verbose then print(' V : ' .. node:label()) end
   end
end

-- replaces modules (callback(module) returns the replacement) in the nodes too
function gModule:replace(callback)
   local out = callback(self)
   local position = {}
   for i, m in ipairs(self.modules) do position[m] = i end
   for _, node in ipairs(self.forwardnodes) do
      local m = node.data.module
      if m then
         node.data.module = m:replace(callback)
         if position[m] then self.modules[position[m]] = node.data.module end
      end
   end
   return out
end

function gModule:read(file)
   local data = file:readObject()
   for k, v in pairs(data) do self[k] = v end
   -- files written before gModule was a Container have no modules table
   if not self.modules then
      self.modules = {}
      for _, node in ipairs(self.forwardnodes) do
         if node.data.module then table.insert(self.modules, node.data.module) end
      end
   end
end

function gModule:__tostring__()
   return self.name or torch.type(self)
end

return gModule
