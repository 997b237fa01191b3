-- nn.VolumetricMaxUnpooling(poolingModule): inverse of a VolumetricMaxPooling
-- (values back at the argmax positions, zeros elsewhere).
local S = require 'nn._spatial'
local M, parent = torch.class('nn.VolumetricMaxUnpooling', 'nn.Module')

function M:__init(poolingModule)
   parent.__init(self)
   assert(torch.type(poolingModule) == 'nn.VolumetricMaxPooling', 'Argument must be a nn.VolumetricMaxPooling module')
   assert(poolingModule.kT == poolingModule.dT and poolingModule.kH == poolingModule.dH
      and poolingModule.kW == poolingModule.dW, "The size of pooling module's kernel must be equal to its stride")
   self.pooling = poolingModule
end

function M:setParams()
   self.indices = self.pooling.indices
   self.otime = self.pooling.itime
   self.oheight = self.pooling.iheight
   self.owidth = self.pooling.iwidth
end

function M:updateOutput(input)
   local batch = S.check_input(self, input, 3)
   self:setParams()
   if not self.indices or not self.otime or self.indices:nElement() ~= input:nElement() then
      S.fail(self, 'the pooling module has not pooled an input of this size (indices %s, input %s)',
         S.sz(self.indices), S.sz(input))
   end
   local d = input:dim()
   S.resize_out(self.output, batch, batch and input:size(1) or 1, input:size(d - 3), self.otime,
      self.oheight, self.owidth)
   S.K.unpool_forward(S.np(input), S.np(self.indices), S.np(self.output), batch)
   return self.output
end

function M:updateGradInput(input, gradOutput)
   local batch = S.check_input(self, input, 3)
   self:setParams()
   S.check_gradOutput(self, gradOutput, self.output)
   self.gradInput:resizeAs(input)
   S.K.unpool_backward(S.np(gradOutput), S.np(self.indices), S.np(self.gradInput), batch)
   return self.gradInput
end

function M:empty()
   self:clearState()
end

function M:__tostring__()
   return 'nn.VolumetricMaxUnpooling associated to ' .. tostring(self.pooling)
end
