-- nn.MixtureTable(dim): input {gater, experts}; output = sum_k gater[k] * expert_k, where experts
-- is a table of tensors or one tensor with the experts along dimension dim (default 2 for a
-- batch, 1 for a single sample); gater is k (single) or n x k (batch)
local MixtureTable, parent = torch.class('nn.MixtureTable', 'nn.Module')

function MixtureTable:__init(dim)
   parent.__init(self)
   self.dim = dim
   self.size = torch.LongStorage()
   self.batchSize = 0
   self.size2 = torch.LongStorage()
   self.backwardSetup = false
   self.gradInput = {}
end

local function setup(self, input)
   if type(input) ~= 'table' or #input ~= 2 or not torch.isTensor(input[1]) then
      error('nn.MixtureTable: input should be a table {gater, experts}', 3)
   end
   local gaterInput, expertInputs = input[1], input[2]
   self.dimG = 2
   local batchSize = gaterInput:size(1)
   if gaterInput:dim() < 2 then
      self.dimG = 1
      self.dim = self.dim or 1
      batchSize = 1
   end
   self.dim = self.dim or 2
   self.batchSize = batchSize
   local k = gaterInput:size(self.dimG)
   local nd
   if torch.type(expertInputs) == 'table' then
      self.table = true
      if k ~= #expertInputs then
         error(string.format('nn.MixtureTable: Should be one gater output per expert (gater has %d, %d experts)',
            k, #expertInputs), 3)
      end
      nd = expertInputs[1]:dim() + 1
   else
      self.table = false
      if not torch.isTensor(expertInputs) or expertInputs:dim() < self.dim or expertInputs:size(self.dim) ~= k then
         error(string.format('nn.MixtureTable: experts should have %d entries along dimension %d', k, self.dim), 3)
      end
      nd = expertInputs:dim()
   end
   self.size:resize(nd):fill(1)
   if self.dimG > 1 then self.size[1] = gaterInput:size(1) end
   self.size[self.dim] = k
   return gaterInput:contiguous():view(self.size), expertInputs, k
end

function MixtureTable:updateOutput(input)
   local gaterView, expertInputs, k = setup(self, input)
   if self.table then
      local e1 = expertInputs[1]
      self.output:resizeAs(e1):zero()
      for i = 1, k do
         local gate = gaterView:select(self.dim, i):expandAs(expertInputs[i])
         self.output:addcmul(expertInputs[i], gate)
      end
   else
      local prod = torch.cmul(gaterView:expandAs(expertInputs), expertInputs)
      local s = prod:sum(self.dim)
      self.output:resizeAs(expertInputs:select(self.dim, 1)):copy(s)
   end
   return self.output
end

function MixtureTable:updateGradInput(input, gradOutput)
   local gaterView, expertInputs, k = setup(self, input)
   local gaterInput = input[1]
   self.gradInput[1] = self.gradInput[1] or gaterInput.new()
   local gaterGrad = self.gradInput[1]:resizeAs(gaterInput)
   local ggView = gaterGrad:view(self.size)
   if self.table then
      self.gradInput[2] = (type(self.gradInput[2]) == 'table') and self.gradInput[2] or {}
      local expertGrads = self.gradInput[2]
      for i = 1, k do
         local e = expertInputs[i]
         expertGrads[i] = expertGrads[i] or e.new()
         local gate = gaterView:select(self.dim, i):expandAs(e)
         expertGrads[i]:resizeAs(e):copy(gradOutput):cmul(gate)
         -- d/d gate_i: sum over the non-batch elements of gradOutput .* expert_i
         local p = torch.cmul(gradOutput, e)
         local s
         if self.dimG > 1 then s = p:contiguous():view(self.batchSize, -1):sum(2) else s = torch.Tensor{p:sum()}:typeAs(p) end
         ggView:select(self.dim, i):copy(s)
      end
      for i = k + 1, #expertGrads do expertGrads[i] = nil end
   else
      self.gradInput[2] = torch.isTensor(self.gradInput[2]) and self.gradInput[2] or expertInputs.new()
      local expertGrad = self.gradInput[2]:resizeAs(expertInputs)
      local go = nn.utils.addSingletonDimension(gradOutput:contiguous(), self.dim):expandAs(expertInputs)
      expertGrad:copy(go):cmul(gaterView:expandAs(expertInputs))
      local p = torch.cmul(go, expertInputs)
      -- sum over every dimension except the batch one and dim
      for d = p:dim(), 1, -1 do
         if d ~= self.dim and not (self.dimG > 1 and d == 1) and p:size(d) > 1 then p = p:sum(d) end
      end
      ggView:copy(p:viewAs(ggView))
   end
   return self.gradInput
end

function MixtureTable:type(type, tensorCache)
   self.gradInput = {}
   return parent.type(self, type, tensorCache)
end

return nn.MixtureTable
