-- Private helpers for the table layers (not a class).
local T = {}

function T.check_tensors(self, input, n)
   local name = torch.typename(self)
   if type(input) ~= 'table' then
      error(string.format('%s: input should be a table of Tensors (got %s)', name, torch.type(input)), 3)
   end
   if n and #input ~= n then
      error(string.format('%s: input should be a table of %d Tensors (got %d entries)', name, n, #input), 3)
   end
   if #input == 0 then
      error(string.format('%s: input table is empty', name), 3)
   end
   for i = 1, #input do
      if not torch.isTensor(input[i]) then
         error(string.format('%s: input[%d] should be a Tensor (got %s)', name, i, torch.type(input[i])), 3)
      end
   end
end

-- all entries with input[1]'s number of elements
function T.check_same(self, input, n)
   T.check_tensors(self, input, n)
   for i = 2, #input do
      if input[i]:nElement() ~= input[1]:nElement() then
         error(string.format('%s: input[%d] (%s) and input[1] (%s) should have the same number of elements',
            torch.typename(self), i, torch._size_str(input[i]), torch._size_str(input[1])), 3)
      end
   end
end


-- input {a, b}: two vectors or two matrices of the same size (nn.CosineDistance, nn.DotProduct);
-- name ('nn.DotProduct') words the error, raised at the caller of the module method that calls this
function T.check_pair(self, input, name)
   T.check_tensors(self, input, 2)
   local a, b = input[1], input[2]
   if not a:isSameSizeAs(b) or a:dim() < 1 or a:dim() > 2 then
      error(string.format('%s: inputs should be two vectors or matrices of the same size (got %s and %s)',
         name, torch._size_str(a), torch._size_str(b)), 3)
   end
end

-- Body of nn.CMaxTable and nn.CMinTable: the elementwise extremum of the input tensors (ties go to
-- the first); `better` is torch.gt (max) or torch.lt (min). Adds __init, updateOutput and
-- updateGradInput to cls, a torch.class of parent.
function T.define_cextremum(cls, parent, better)
   function cls:__init()
      parent.__init(self)
      self.gradInput = {}
      self.maxIdx = torch.Tensor()
      self.mask = torch.ByteTensor()
   end

   function cls:updateOutput(input)
      T.check_same(self, input)
      self.output:resizeAs(input[1]):copy(input[1])
      self.maxIdx = self.maxIdx:typeAs(input[1])
      self.maxIdx:resizeAs(input[1]):fill(1)
      for i = 2, #input do
         local x = input[i]:contiguous():viewAs(self.output)
         self.mask = better(x, self.output)
         self.maxIdx:maskedFill(self.mask, i)
         self.output:maskedCopy(self.mask, x:maskedSelect(self.mask))
      end
      return self.output
   end

   function cls:updateGradInput(input, gradOutput)
      for i = 1, #input do
         self.gradInput[i] = self.gradInput[i] or input[i].new()
         self.gradInput[i]:resizeAs(input[i]):fill(0.0)
         local mask = torch.eq(self.maxIdx, i)
         local g = self.gradInput[i]:viewAs(self.maxIdx)
         g:maskedCopy(mask, gradOutput:contiguous():viewAs(self.maxIdx):maskedSelect(mask))
      end
      for i = #input + 1, #self.gradInput do
         self.gradInput[i] = nil
      end
      return self.gradInput
   end
end

return T
