-- nn.CMul(size...): y = x .* w with a learnable w of the given size (expanded over a batch)
local CMul, parent = torch.class('nn.CMul', 'nn.Module')

function CMul:__init(...)
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
   self.weight = torch.Tensor(self.size)
   self.gradWeight = torch.Tensor(self.size)
   self.output:resize(self.size)
   self:reset()
end

function CMul:reset(stdv)
   if stdv then
      stdv = stdv * math.sqrt(3)
   else
      stdv = 1. / math.sqrt(self.weight:nElement())
   end
   self.weight:uniform(-stdv, stdv)
end

-- views of (input-shaped tensor x, parameter p) that line up: same shape, p expanded
local function align(self, x)
   local p = self.weight
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
   error(string.format('nn.CMul: input (%s) does not match the weight size (%s)', torch._size_str(x), torch._size_str(p)), 4)
end

function CMul:updateOutput(input)
   if not torch.isTensor(input) then error('nn.CMul: input should be a Tensor', 2) end
   self.output:resizeAs(input):copy(input)
   local o, p = align(self, self.output)
   o:cmul(p)
   return self.output
end

function CMul:updateGradInput(input, gradOutput)
   if not self.gradInput then return end
   self.gradInput:resizeAs(input):copy(gradOutput)
   local g, w = align(self, self.gradInput)
   g:cmul(w)
   return self.gradInput
end

-- sum a (n-dim) tensor over the dims where the parameter is expanded
local function reduce_to(t, p, mode)
   if mode == 'flat' then return t end
   if mode == 'batch' then return t:sum(1) end
   for d = 1, p:dim() do
      if p:size(d) == 1 and t:size(d) ~= 1 then t = t:sum(d) end
   end
   return t
end

function CMul:accGradParameters(input, gradOutput, scale)
   scale = scale or 1
   local x, _, mode = align(self, input)
   local g = align(self, gradOutput:contiguous():view(input:size()))
   local prod = torch.cmul(x, g)
   self.gradWeight:add(scale, reduce_to(prod, self.weight, mode):viewAs(self.gradWeight))
end

return nn.CMul
