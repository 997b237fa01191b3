-- nn.SpatialUpSamplingBilinear(scale | {oheight=, owidth=}): bilinear upsampling with
-- corners aligned; a scale s maps H x W to ((H-1)*s+1) x ((W-1)*s+1).
local S = require 'nn._spatial'
local M, parent = torch.class('nn.SpatialUpSamplingBilinear', 'nn.Module')

function M:__init(params)
   parent.__init(self)
   local err = 'bad params: expecting an integer scale_factor or a table {oheight=, owidth=}'
   if type(params) == 'number' then
      self.scale_factor = params
      if self.scale_factor < 1 then error('scale_factor must be greater than 1') end
      if math.floor(self.scale_factor) ~= self.scale_factor then error('scale_factor must be integer') end
   elseif type(params) == 'table' then
      self.oheight = params.oheight
      self.owidth = params.owidth
      if not (self.oheight and self.owidth) then error(err) end
   else
      error(err)
   end
end

function M:setSize(input)
   local d = input:dim()
   local H, W = input:size(d - 1), input:size(d)
   if self.scale_factor then
      self.oheight = (H - 1) * self.scale_factor + 1
      self.owidth = (W - 1) * self.scale_factor + 1
   end
end

function M:updateOutput(input)
   S.tensor(self, input)
   S.check_type(self, input)
   local d = input:dim()
   if d ~= 3 and d ~= 4 then
      S.fail(self, '3D or 4D input expected, got %dD tensor of size %s', d, S.sz(input))
   end
   self:setSize(input)
   local batch = d == 4
   S.resize_out(self.output, batch, batch and input:size(1) or 1, input:size(d - 2), self.oheight, self.owidth)
   S.K.upsample_bilinear_forward(S.np(input), S.np(self.output), batch, self.oheight, self.owidth)
   return self.output
end

function M:updateGradInput(input, gradOutput)
   S.check_gradOutput(self, gradOutput, self.output)
   self.gradInput:resizeAs(input)
   S.K.upsample_bilinear_backward(S.np(gradOutput), S.np(self.gradInput), input:dim() == 4)
   return self.gradInput
end

function M:__tostring__()
   local s
   if self.scale_factor then
      s = string.format('%d', self.scale_factor)
   else
      s = string.format('%d, %d', self.oheight, self.owidth)
   end
   return string.format('%s(%s)', torch.type(self), s)
end
