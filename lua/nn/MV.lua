-- nn.MV(trans): matrix-vector product of a pair {M, v} (M 2D and v 1D, or batches: M 3D, v 2D)
local MV, parent = torch.class('nn.MV', 'nn.Module')

function MV:__init(trans)
   parent.__init(self)
   self.trans = trans or false
   self.gradInput = {torch.Tensor(), torch.Tensor()}
end

local function fail(msg, ...) error('nn.MV: ' .. string.format(msg, ...), 3) end

function MV:updateOutput(input)
   if type(input) ~= 'table' or #input ~= 2 then fail('input must be a pair of tensors {M, v}') end
   local M, v = input[1], input[2]
   if M:nDimension() == 2 then
      if v:nDimension() ~= 1 then fail('vector must be 1D (got %s)', torch._size_str(v)) end
      if self.trans then M = M:transpose(1, 2) end
      if M:size(2) ~= v:size(1) then fail('matrix and vector sizes do not match (%s and %s)', torch._size_str(M), torch._size_str(v)) end
      self.output:resize(M:size(1))
      self.output:mv(M, v)
   elseif M:nDimension() == 3 then
      if v:nDimension() ~= 2 then fail('vector must be 2D (batch dimension) (got %s)', torch._size_str(v)) end
      if M:size(1) ~= v:size(1) then fail('inputs must contain the same number of minibatches (%s and %s)', torch._size_str(M), torch._size_str(v)) end
      if self.trans then M = M:transpose(2, 3) end
      if M:size(3) ~= v:size(2) then fail('matrix and vector sizes do not match (%s and %s)', torch._size_str(M), torch._size_str(v)) end
      self.output:resize(M:size(1), M:size(2), 1)
      self.output:bmm(M, v:view(v:size(1), v:size(2), 1)):resize(M:size(1), M:size(2))
   else
      fail('input must be a matrix or a batch of matrices (got %s)', torch._size_str(M))
   end
   return self.output
end

function MV:updateGradInput(input, gradOutput)
   self.gradInput[1] = self.gradInput[1] or input[1].new()
   self.gradInput[2] = self.gradInput[2] or input[2].new()
   local M, v = input[1], input[2]
   self.gradInput[1]:resizeAs(M)
   self.gradInput[2]:resizeAs(v)
   gradOutput = gradOutput:contiguous()
   if gradOutput:nDimension() == 2 then
      local go = gradOutput:view(gradOutput:size(1), gradOutput:size(2), 1)
      local vv = v:contiguous():view(v:size(1), 1, v:size(2))
      if self.trans then
         self.gradInput[1]:bmm(vv:transpose(2, 3), go:transpose(2, 3))
         self.gradInput[2]:view(v:size(1), v:size(2), 1):bmm(M, go)
      else
         self.gradInput[1]:bmm(go, vv)
         self.gradInput[2]:view(v:size(1), v:size(2), 1):bmm(M:transpose(2, 3), go)
      end
   else
      if self.trans then
         self.gradInput[1]:zero():addr(v, gradOutput)
         self.gradInput[2]:mv(M, gradOutput)
      else
         self.gradInput[1]:zero():addr(gradOutput, v)
         self.gradInput[2]:mv(M:t(), gradOutput)
      end
   end
   return self.gradInput
end

return nn.MV
