-- nn.VolumetricReplicationPadding(pad_l, pad_r, pad_t, pad_b, pad_f, pad_back):
-- pads T x H x W by repeating the border values.
local S = require 'nn._spatial'
local M, parent = torch.class('nn.VolumetricReplicationPadding', 'nn.Module')

function M:__init(pleft, pright, ptop, pbottom, pfront, pback)
   parent.__init(self)
   self.pleft = pleft
   self.pright = pright or self.pleft
   self.ptop = ptop or self.pleft
   self.pbottom = pbottom or self.pleft
   self.pfront = pfront or self.pleft
   self.pback = pback or self.pleft
end

function M:updateOutput(input)
   S.tensor(self, input)
   S.check_type(self, input)
   local d = input:dim()
   if d ~= 4 and d ~= 5 then
      S.fail(self, 'input must be 4 or 5-dimensional, got %dD tensor of size %s', d, S.sz(input))
   end
   local oT = input:size(d - 2) + self.pfront + self.pback
   local oH = input:size(d - 1) + self.ptop + self.pbottom
   local oW = input:size(d) + self.pleft + self.pright
   local batch = d == 5
   S.resize_out(self.output, batch, batch and input:size(1) or 1, input:size(d - 3), oT, oH, oW)
   S.K.vpad_forward(S.np(input), S.np(self.output), batch, self.pleft, self.pright, self.ptop,
      self.pbottom, self.pfront, self.pback)
   return self.output
end

function M:updateGradInput(input, gradOutput)
   S.check_gradOutput(self, gradOutput, self.output)
   self.gradInput:resizeAs(input)
   S.K.vpad_backward(S.np(gradOutput), S.np(self.gradInput), input:dim() == 5, self.pleft, self.pright,
      self.ptop, self.pbottom, self.pfront, self.pback)
   return self.gradInput
end

function M:__tostring__()
   return torch.type(self) .. string.format('(left=%d, right=%d, top=%d, bottom=%d, front=%d, back=%d)',
      self.pleft, self.pright, self.ptop, self.pbottom, self.pfront, self.pback)
end
