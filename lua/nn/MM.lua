-- nn.MM(transA, transB): matrix product of a pair {A, B} (2D, or 3D batches)
local MM, parent = torch.class('nn.MM', 'nn.Module')

function MM:__init(transA, transB)
   parent.__init(self)
   self.transA = transA or false
   self.transB = transB or false
   self.gradInput = {torch.Tensor(), torch.Tensor()}
end

local function fail(msg, ...) error('nn.MM: ' .. string.format(msg, ...), 3) end

function MM:updateOutput(input)
   if type(input) ~= 'table' or #input ~= 2 then fail('input must be a pair of minibatch matrices') end
   local a, b = input[1], input[2]
   if a:nDimension() ~= 2 and a:nDimension() ~= 3 then fail('input tensors must be 2D or 3D (got %s)', torch._size_str(a)) end
   if a:nDimension() == 2 then
      if b:nDimension() ~= 2 then fail('second input tensor must be 2D (got %s)', torch._size_str(b)) end
      if self.transA then a = a:t() end
      if self.transB then b = b:t() end
      if a:size(2) ~= b:size(1) then fail('matrix sizes do not match (%s and %s)', torch._size_str(a), torch._size_str(b)) end
      self.output:resize(a:size(1), b:size(2))
      self.output:mm(a, b)
   else
      if b:nDimension() ~= 3 then fail('second input tensor must be 3D (got %s)', torch._size_str(b)) end
      if a:size(1) ~= b:size(1) then fail('inputs must contain the same number of minibatches (%s and %s)', torch._size_str(a), torch._size_str(b)) end
      if self.transA then a = a:transpose(2, 3) end
      if self.transB then b = b:transpose(2, 3) end
      if a:size(3) ~= b:size(2) then fail('matrix sizes do not match (%s and %s)', torch._size_str(a), torch._size_str(b)) end
      self.output:resize(a:size(1), a:size(2), b:size(3))
      self.output:bmm(a, b)
   end
   return self.output
end

function MM:updateGradInput(input, gradOutput)
   self.gradInput[1] = self.gradInput[1] or input[1].new()
   self.gradInput[2] = self.gradInput[2] or input[2].new()
   local a, b = input[1], input[2]
   self.gradInput[1]:resizeAs(a)
   self.gradInput[2]:resizeAs(b)
   if gradOutput:nDimension() ~= 2 and gradOutput:nDimension() ~= 3 then fail('arguments must be a 2D or 3D Tensor') end
   local h_dim, w_dim, f
   if gradOutput:nDimension() == 2 then
      if a:nDimension() ~= 2 then fail('first input tensor must be 2D') end
      if b:nDimension() ~= 2 then fail('second input tensor must be 2D') end
      h_dim, w_dim = 1, 2
      f = 'mm'
   else
      if a:nDimension() ~= 3 then fail('first input tensor must be 3D') end
      if b:nDimension() ~= 3 then fail('second input tensor must be 3D') end
      h_dim, w_dim = 2, 3
      f = 'bmm'
   end
   if self.transA == self.transB then
      a = a:transpose(h_dim, w_dim)
      b = b:transpose(h_dim, w_dim)
   end
   if self.transA then
      self.gradInput[1][f](self.gradInput[1], b, gradOutput:transpose(h_dim, w_dim))
   else
      self.gradInput[1][f](self.gradInput[1], gradOutput, b)
   end
   if self.transB then
      self.gradInput[2][f](self.gradInput[2], gradOutput:transpose(h_dim, w_dim), a)
   else
      self.gradInput[2][f](self.gradInput[2], a, gradOutput)
   end
   return self.gradInput
end

return nn.MM
