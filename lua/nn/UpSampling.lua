-- nn.UpSampling(scale | {oheight=, owidth= [, odepth=]}, mode): nearest (default) or
-- linear (bi/trilinear, corners aligned) upsampling of N x C x [D x] H x W inputs.
local S = require 'nn._spatial'
local UpSampling, parent = torch.class('nn.UpSampling', 'nn.Module')

function UpSampling:__init(params, mode)
   parent.__init(self)
   if mode ~= nil and (mode == 'linear' or mode == 'bilinear' or mode == 'trilinear') then
      self.mode = 'linear'
   else
      self.mode = 'nearest'
   end
   self.odepth, self.owidth, self.oheight, self.scale_factor = nil, nil, nil, nil
   if torch.type(params) == 'table' then
      if self.mode == 'nearest' then
         error('Nearest neighbour upsampling requires a scale_factor')
      end
      self.odepth, self.owidth, self.oheight = params.odepth, params.owidth, params.oheight
      if self.owidth == nil or self.oheight == nil then
         error('Output height and width parameters are required')
      end
   else
      self.scale_factor = params
      if self.scale_factor < 1 then error('scale_factor must be greater than 1') end
      if math.floor(self.scale_factor) ~= self.scale_factor then error('scale_factor must be integer') end
   end
   self.inputSize = torch.LongStorage(5):fill(0)
   self.outputSize = torch.LongStorage(5):fill(0)
end

function UpSampling:setSize(input)
   local xdim = input:dim()
   local ydim = xdim - 1
   local zdim = xdim > 4 and xdim - 2 or nil
   for i = 1, input:dim() do
      self.inputSize[i] = input:size(i)
      self.outputSize[i] = input:size(i)
   end
   if self.scale_factor ~= nil then
      local s = self.scale_factor
      local function up(n) if self.mode == 'nearest' then return n * s end return (n - 1) * s + 1 end
      if zdim then self.outputSize[zdim] = up(self.outputSize[zdim]) end
      self.outputSize[ydim] = up(self.outputSize[ydim])
      self.outputSize[xdim] = up(self.outputSize[xdim])
   else
      if zdim then
         if self.odepth == nil then
            S.fail(self, 'No output depth dimension was supplied for volumetric upsampling')
         end
         self.outputSize[zdim] = self.odepth
      end
      self.outputSize[ydim] = self.oheight
      self.outputSize[xdim] = self.owidth
   end
end

function UpSampling:updateOutput(input)
   S.tensor(self, input)
   S.check_type(self, input)
   local nDim = input:dim()
   if nDim < 4 or nDim > 5 then
      S.fail(self, 'UpSampling only supports 4D or 5D tensors, got %dD tensor of size %s', nDim, S.sz(input))
   end
   self:setSize(input)
   local sz = {}
   for i = 1, nDim do sz[i] = self.outputSize[i] end
   self.output:resize(unpack(sz))
   S.K.upsampling_forward(S.np(input), S.np(self.output), self.mode, self.scale_factor or 1)
   return self.output
end

function UpSampling:updateGradInput(input, gradOutput)
   local nDim = input:dim()
   if nDim < 4 or nDim > 5 then
      S.fail(self, 'UpSampling only supports 4D or 5D tensors, got %dD tensor of size %s', nDim, S.sz(input))
   end
   if nDim ~= gradOutput:dim() then
      S.fail(self, 'Input and gradOutput should be of same dimension')
   end
   S.check_gradOutput(self, gradOutput, self.output)
   self.gradInput:resizeAs(input)
   S.K.upsampling_backward(S.np(gradOutput), S.np(self.gradInput), self.mode, self.scale_factor or 1)
   return self.gradInput
end

function UpSampling:__tostring__()
   if self.scale_factor ~= nil then
      return string.format('%s(%dx, %s)', torch.type(self), self.scale_factor, self.mode)
   elseif self.odepth ~= nil then
      return string.format('%s(%dx%dx%d, %s)', torch.type(self), self.odepth, self.oheight, self.owidth, self.mode)
   end
   return string.format('%s(%dx%d, %s)', torch.type(self), self.oheight, self.owidth, self.mode)
end
