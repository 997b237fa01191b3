-- nn.CAdd(size...): y = x + b with a learnable b of the given size (expanded over a batch)
local CAdd, parent = torch.class('nn.CAdd', 'nn.Module')

function CAdd:__init(...)
   parent.__init(self)
   local arg = {...}
   self.size = torch.LongStorage()
   local n = #arg
   if n == 1 and torch.type(arg[1]) == 'torch.LongStorage' then
      self.size:resize(#arg[1]):copy(arg[1])
   else
      self.size:resize(n)
      for i = 1, n do self.size[i] = arg[i] end
   end
   self.bias = torch.Tensor(self.size)
   self.gradBias = torch.Tensor(self.size)
   self.output:resize(self.size)
   self:reset()
end

function CAdd:reset(stdv)
   if stdv then
      stdv = stdv * math.sqrt(3)
   else
      stdv = 1. / math.sqrt(self.bias:nElement())
   end
   self.bias:uniform(-stdv, stdv)
end

-- views of (input-shaped tensor x, parameter p) that line up: same shape, p expanded
local function align(self, x)
   local p = self.bias
   if x:nElement() == p:nElement() then
      return x:contiguous():view(-1), p:view(-1), 'flat'
   end
   if p:dim() == x:dim() then
      local ok, e = pcall(p.expandAs, p, x)
      if ok then return x, e, 'same' end
   else
      local batchSize = x:size(1)
      if x:nElement() == batchSize * p:nElement() then
         return x:contiguous():view(batchSize, -1), p:view(1, -1):expand(batchSize, p:nElement()), 'batch'
      end
   end
   error(string.format('nn.CAdd: input (%s) does not match the bias size (%s)', torch._size_str(x), torch._size_str(p)), 4)
end

function CAdd:updateOutput(input)
   if not torch.isTensor(input) then error('nn.CAdd: input should be a Tensor', 2) end
   self.output:resizeAs(input):copy(input)
   local o, p = align(self, self.output)
   o:add(p)
   return self.output
end

function CAdd:updateGradInput(input, gradOutput)
   if not self.gradInput then return end
   self.gradInput:resizeAs(input):copy(gradOutput)
   return self.gradInput
end

local function reduce_to(t, p, mode)
   if mode == 'flat' then return t end
   if mode == 'batch' then return t:sum(1) end
   for d = 1, p:dim() do
      if p:size(d) == 1 and t:size(d) ~= 1 then t = t:sum(d) end
   end
   return t
end

function CAdd:accGradParameters(input, gradOutput, scale)
   scale = scale or 1
   local g, _, mode = align(self, gradOutput:contiguous():view(input:size()))
   self.gradBias:add(scale, reduce_to(g:clone(), self.bias, mode):viewAs(self.gradBias))
end

return nn.CAdd
