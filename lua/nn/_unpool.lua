-- Shared body of nn.SpatialMaxUnpooling and nn.VolumetricMaxUnpooling (not a class): put each value
-- back at the position its max pooling module took the maximum from (zeros elsewhere), at the
-- pooled input's size. define(cls, parent, sdim) adds the methods to cls, a torch.class of parent;
-- sdim is the number of spatial dimensions (2: nn.SpatialMaxPooling, 3: nn.VolumetricMaxPooling).
local S = require 'nn._spatial'

local KINDS = {
   [2] = {name = 'nn.SpatialMaxUnpooling', pooling = 'nn.SpatialMaxPooling',
          dims = {'H', 'W'}, sizes = {'height', 'width'}},
   [3] = {name = 'nn.VolumetricMaxUnpooling', pooling = 'nn.VolumetricMaxPooling',
          dims = {'T', 'H', 'W'}, sizes = {'time', 'height', 'width'}},
}

return function(cls, parent, sdim)
   local kind = KINDS[sdim]

   function cls:__init(poolingModule)
      parent.__init(self)
      assert(torch.type(poolingModule) == kind.pooling, 'Argument must be a ' .. kind.pooling .. ' module')
      local same = true
      for _, a in ipairs(kind.dims) do
         same = same and poolingModule['k' .. a] == poolingModule['d' .. a]
      end
      assert(same, "The size of pooling module's kernel must be equal to its stride")
      self.pooling = poolingModule
   end

   function cls:setParams()
      self.indices = self.pooling.indices
      for _, s in ipairs(kind.sizes) do
         self['o' .. s] = self.pooling['i' .. s]
      end
   end

   function cls:updateOutput(input)
      local batch = S.check_input(self, input, sdim)
      self:setParams()
      if not self.indices or not self['o' .. kind.sizes[1]] or self.indices:nElement() ~= input:nElement() then
         S.fail(self, 'the pooling module has not pooled an input of this size (indices %s, input %s)',
            S.sz(self.indices), S.sz(input))
      end
      local d = input:dim()
      local osize = {}
      for i, s in ipairs(kind.sizes) do osize[i] = self['o' .. s] end
      S.resize_out(self.output, batch, batch and input:size(1) or 1, input:size(d - sdim), unpack(osize))
      S.K.unpool_forward(S.np(input), S.np(self.indices), S.np(self.output), batch)
      return self.output
   end

   function cls:updateGradInput(input, gradOutput)
      local batch = S.check_input(self, input, sdim)
      self:setParams()
      S.check_gradOutput(self, gradOutput, self.output)
      self.gradInput:resizeAs(input)
      S.K.unpool_backward(S.np(gradOutput), S.np(self.indices), S.np(self.gradInput), batch)
      return self.gradInput
   end

   function cls:empty()
      self:clearState()
   end

   function cls:__tostring__()
      return kind.name .. ' associated to ' .. tostring(self.pooling)
   end
end
