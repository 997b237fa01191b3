-- image: torch's image package (torch/image) over Pillow and numpy (luann/kernels/image.py).
-- Images are C x H x W tensors (H x W for one channel), values in [0,1] (or [0,255] for 'byte').
local torch = require 'torch'

local image = {}
local K = torch._bridge.pyimport('luann.kernels.image')
local np = torch._C.np
local from_array = torch._C.from_array

local function err(msg) error(msg, 3) end

local function call(fname, f, ...)
   local res = {pcall(f, ...)}
   if not res[1] then
      local m = tostring(res[2])
      m = m:match('ValueError: (.-)%s*$') or m:match('[%w]+Error: (.-)%s*$') or m
      error(m, 3)
   end
   return unpack(res, 2)
end

local function is_tensor(x) return torch.isTensor(x) end

local function wrap(arr, ty)
   local t = from_array(arr)
   ty = ty or torch.getdefaulttensortype()
   if torch.typename(t) ~= ty then t = t:type(ty) end
   return t
end

local function as3d(src)
   if src:nDimension() == 2 then return src:view(1, src:size(1), src:size(2)), true end
   if src:nDimension() == 3 then return src, false end
   err('image: expected a 2D (HxW) or 3D (CxHxW) tensor, got ' .. src:nDimension() .. 'D')
end

local function double(t) return np(t:double():contiguous()) end

local function kwargs(...)
   local a = ...
   if select('#', ...) == 1 and type(a) == 'table' and not torch.typename(a) then return a end
   return nil
end

-- load / save ----------------------------------------------------------------------------------
function image.load(path, depth, tensortype)
   if type(path) ~= 'string' then err('image.load: expected a file name (string)') end
   if type(depth) == 'string' and tensortype == nil then tensortype, depth = depth, nil end
   local arr = call('image.load', K.load, path, depth or 0)
   local t = from_array(arr)
   if tensortype == 'byte' then return t:byte() end
   local ty = ({float = 'torch.FloatTensor', double = 'torch.DoubleTensor'})[tensortype or '']
   t = t:type(ty or torch.getdefaulttensortype())
   return t:div(255)
end

function image.save(path, img)
   if type(path) ~= 'string' then err('image.save: expected a file name (string)') end
   if not is_tensor(img) then err('image.save: expected a tensor') end
   local byte = torch.typename(img) == 'torch.ByteTensor'
   call('image.save', K.save, path, double(img), byte)
end

image.loadPNG = function(p, d, ty) return image.load(p, d, ty) end
image.loadJPG = image.loadPNG
image.savePNG = image.save
image.saveJPG = image.save

function image.lena()
   return image.load(K.lena_path(), 3)
end

-- geometry -------------------------------------------------------------------------------------
-- torch7's scaleSimple/scaleBilinear/scaleBicubic, computed as they are for src's element type
local SCALE_KIND = {['torch.DoubleTensor'] = 'double', ['torch.FloatTensor'] = 'float',
                    ['torch.ByteTensor'] = 'byte'}
local function resample(src, w, h, mode)
   local s3, was2d = as3d(src)
   local kind = SCALE_KIND[torch.typename(src)] or 'int'
   local out = wrap(call('image.scale', K.scale, double(s3), w, h, mode or 'bilinear', kind), torch.typename(src))
   if was2d then out = out[1] end
   return out
end

-- scale(src, width, height[, mode]) | scale(src, size[, mode]) (longest side) | scale(dst, src[, mode])
function image.scale(a, b, c, d)
   if is_tensor(a) and is_tensor(b) then
      local dst, src, mode = a, b, c
      local res = resample(src, dst:size(dst:nDimension()), dst:size(dst:nDimension() - 1), mode)
      dst:copy(res)
      return dst
   end
   if not is_tensor(a) then err('image.scale: expected a tensor') end
   local src = a
   local H, W = src:size(src:nDimension() - 1), src:size(src:nDimension())
   local w, h, mode
   if type(b) == 'number' and type(c) == 'number' then
      w, h, mode = b, c, d
   elseif type(b) == 'number' or type(b) == 'string' then
      mode = c
      local bs = tostring(b)
      local sw, sh = bs:match('^(%d+)x(%d+)$')
      local num, den = bs:match('^%*(%d+)/(%d+)$')
      local sc = type(b) == 'string' and tonumber(b:match('^%*([%d%.]+)$') or '')
      local mn = type(b) == 'string' and tonumber(b:match('^%^(%d+)$') or '')
      if sw then
         w, h = tonumber(sw), tonumber(sh)
      elseif num or sc then
         sc = sc or tonumber(num) / tonumber(den)
         w, h = math.max(1, math.floor(W * sc + 0.5)), math.max(1, math.floor(H * sc + 0.5))
      elseif mn then
         if H < W then h, w = mn, math.max(1, math.floor(W * mn / H + 0.5))
         else w, h = mn, math.max(1, math.floor(H * mn / W + 0.5)) end
      else
         local size = tonumber(b)
         if not size then err('image.scale: bad size ' .. tostring(b) .. " (a number, 'WxH', '^MIN', '*SC' or '*N/D')") end
         if H > W then h, w = size, math.max(1, math.floor(W * size / H + 0.5))
         else w, h = size, math.max(1, math.floor(H * size / W + 0.5)) end
      end
   else
      err('image.scale: expected (src, width, height[, mode]) or (src, size[, mode])')
   end
   return resample(src, math.floor(w), math.floor(h), mode)
end

-- crop(src, x1, y1, x2, y2) | crop(src, format, width, height) with format 'c','tl','tr','bl','br'
function image.crop(src, a, b, c, d, e)
   if is_tensor(src) and is_tensor(a) then
      local res = image.crop(a, b, c, d, e)
      return src:resizeAs(res):copy(res)
   end
   if not is_tensor(src) then err('image.crop: expected a tensor') end
   local nd = src:nDimension()
   local H, W = src:size(nd - 1), src:size(nd)
   local x1, y1, x2, y2
   if type(a) == 'string' then
      local w, h = b, c
      if a == 'c' then x1, y1 = math.floor((W - w) / 2), math.floor((H - h) / 2)
      elseif a == 'tl' then x1, y1 = 0, 0
      elseif a == 'tr' then x1, y1 = W - w, 0
      elseif a == 'bl' then x1, y1 = 0, H - h
      elseif a == 'br' then x1, y1 = W - w, H - h
      else err('image.crop: unknown format ' .. a) end
      x2, y2 = x1 + w, y1 + h
   else
      x1, y1, x2, y2 = a, b, c, d
      if x2 == nil then x2, y2 = W, H end
   end
   if not (x1 >= 0 and y1 >= 0 and x2 <= W and y2 <= H and x2 > x1 and y2 > y1) then
      err('image.crop: crop goes outside bounds of src')   -- torch7's words
   end
   return src:narrow(nd, x1 + 1, x2 - x1):narrow(nd - 1, y1 + 1, y2 - y1):clone()
end

function image.translate(a, b, c, d)
   if torch.isTensor(b) then
      local res = image.translate(b, c, d)
      return a:resizeAs(res):copy(res)
   end
   local src, x, y = a, b, c
   local nd = src:nDimension()
   local H, W = src:size(nd - 1), src:size(nd)
   local dst = src:clone():zero()
   x, y = math.floor(x or 0), math.floor(y or 0)
   local w, h = W - math.abs(x), H - math.abs(y)
   if w <= 0 or h <= 0 then return dst end
   local sx, dx = (x < 0) and (1 - x) or 1, (x > 0) and (1 + x) or 1
   local sy, dy = (y < 0) and (1 - y) or 1, (y > 0) and (1 + y) or 1
   dst:narrow(nd, dx, w):narrow(nd - 1, dy, h):copy(src:narrow(nd, sx, w):narrow(nd - 1, sy, h))
   return dst
end

-- rotate(src, theta[, mode]) | rotate(dst, src, theta[, mode]): theta in radians, mode 'simple'
-- (nearest pixel, the default) or 'bilinear', computed as torch7's rotate/rotateBilinear
function image.rotate(a, b, c, d)
   local dst, src, theta, mode
   if is_tensor(b) then dst, src, theta, mode = a, b, c, d else src, theta, mode = a, b, c end
   if not is_tensor(src) or type(theta) ~= 'number' then
      err('image.rotate: expected (src, theta[, mode]) or (dst, src, theta[, mode])')
   end
   if dst and torch.pointer(dst:storage()) == torch.pointer(src:storage()) then
      err('image.rotate: in-place rotate not supported')
   end
   local s3, was2d = as3d(src)
   local out = wrap(call('image.rotate', K.rotate, double(s3), theta, mode or 'simple',
                         SCALE_KIND[torch.typename(src)] or 'int'), torch.typename(src))
   if was2d then out = out[1] end
   if dst then return dst:resizeAs(out):copy(out) end
   return out
end

function image.hflip(a, b)
   local dst, src = a, b
   if b == nil then src, dst = a, nil end
   local nd = src:nDimension()
   local idx = torch.range(src:size(nd), 1, -1):long()
   local res = src:index(nd, idx)
   if dst then return dst:resizeAs(res):copy(res) end
   return res
end

function image.vflip(a, b)
   local dst, src = a, b
   if b == nil then src, dst = a, nil end
   local nd = src:nDimension()
   local idx = torch.range(src:size(nd - 1), 1, -1):long()
   local res = src:index(nd - 1, idx)
   if dst then return dst:resizeAs(res):copy(res) end
   return res
end

function image.flip(a, b, c)
   local dst, src, dim = a, b, c
   if c == nil then dst, src, dim = nil, a, b end
   if type(dim) ~= 'number' or dim < 1 or dim > src:nDimension() then err('image.flip: bad dimension ' .. tostring(dim)) end
   local res = src:index(dim, torch.range(src:size(dim), 1, -1):long())
   if dst then return dst:resizeAs(res):copy(res) end
   return res
end

-- colour spaces --------------------------------------------------------------------------------
local function rgb(src, fname)
   if not is_tensor(src) or src:nDimension() ~= 3 or src:size(1) < 3 then
      err(fname .. ': expected a 3xHxW RGB tensor')
   end
   return src[1], src[2], src[3]
end

-- rgb2yuv / yuv2rgb as torch7 computes them: output = output or input.new(), resized like the
-- input, then each output plane built in place from the input planes (so the element type,
-- the rounding order and an output that aliases the input behave as in torch7)
function image.rgb2yuv(a, b)
   local src, dst = b or a, b and a or nil
   local r, g, bl = rgb(src, 'image.rgb2yuv')
   dst = dst or src.new()
   dst:resizeAs(src)
   dst[1]:zero():add(0.299, r):add(0.587, g):add(0.114, bl)
   dst[2]:zero():add(-0.14713, r):add(-0.28886, g):add(0.436, bl)
   dst[3]:zero():add(0.615, r):add(-0.51499, g):add(-0.10001, bl)
   return dst
end

function image.yuv2rgb(a, b)
   local src, dst = b or a, b and a or nil
   local y, u, v = rgb(src, 'image.yuv2rgb')
   dst = dst or src.new()
   dst:resizeAs(src)
   dst[1]:copy(y):add(1.13983, v)
   dst[2]:copy(y):add(-0.39465, u):add(-0.58060, v)
   dst[3]:copy(y):add(2.03211, u)
   return dst
end

function image.rgb2y(a, b)
   local src, dst = b or a, b and a or nil
   local r, g, bl = rgb(src, 'image.rgb2y')
   dst = dst or src.new()
   dst:resize(1, src:size(2), src:size(3))
   -- torch7's C kernel: 0.299 r + 0.587 g + 0.114 b in double, stored in the output's type
   local y = torch.DoubleTensor(src:size(2), src:size(3)):copy(r):mul(0.299)
   dst[1]:copy(y:add(0.587, g:double()):add(0.114, bl:double()))
   return dst
end

function image.rgb2hsl(a, b)
   local src, dst = b or a, b and a or nil
   rgb(src, 'image.rgb2hsl')
   local A = np(src:double():contiguous())
   local out = wrap(call('image.rgb2hsl', K.rgb2hsl, A), torch.typename(src))
   if dst then return dst:resizeAs(out):copy(out) end
   return out
end

function image.hsl2rgb(a, b)
   local src, dst = b or a, b and a or nil
   rgb(src, 'image.hsl2rgb')
   local out = wrap(call('image.hsl2rgb', K.hsl2rgb, np(src:double():contiguous())), torch.typename(src))
   if dst then return dst:resizeAs(out):copy(out) end
   return out
end

-- kernels --------------------------------------------------------------------------------------
local function opts_of(fname, names, ...)
   local o = kwargs(...)
   if o then return o end
   o = {}
   for i, n in ipairs(names) do o[n] = (select(i, ...)) end
   return o
end

-- image.gaussian / image.laplacian: a height x width kernel, g[i][j] = value(amplitude, xs, ys) with
-- xs, ys half the squared distances of (j, i) to the mean, in sigmas; o.tensor (a table argument)
-- is filled instead of a new tensor when into_tensor
local function kernel2d(fname, into_tensor, value, ...)
   local o = opts_of(fname, {'size', 'sigma', 'amplitude', 'normalize', 'width', 'height',
      'sigma_horz', 'sigma_vert', 'mean_horz', 'mean_vert'}, ...)
   local size = o.size or 3
   local width, height = o.width or size, o.height or size
   local sh, sv = o.sigma_horz or o.sigma or 0.25, o.sigma_vert or o.sigma or 0.25
   local amp = o.amplitude or 1
   local cx, cy = (o.mean_horz or 0.5) * width + 0.5, (o.mean_vert or 0.5) * height + 0.5
   local g = into_tensor and o.tensor or torch.Tensor(height, width)
   for i = 1, height do
      for j = 1, width do
         local xs, ys = ((j - cx) / (sh * width)) ^ 2 / 2, ((i - cy) / (sv * height)) ^ 2 / 2
         g[i][j] = value(amp, xs, ys)
      end
   end
   if o.normalize then g:div(g:sum()) end
   return g
end

function image.gaussian(...)
   return kernel2d('image.gaussian', true, function(amp, xs, ys) return amp * math.exp(-(xs + ys)) end, ...)
end

function image.gaussian1D(...)
   local o = opts_of('image.gaussian1D', {'size', 'sigma', 'amplitude', 'normalize', 'mean'}, ...)
   local size = o.size or 3
   local sigma, amp = o.sigma or 0.25, o.amplitude or 1
   local c = (o.mean or 0.5) * size + 0.5
   local g = o.tensor or torch.Tensor(size)
   for i = 1, size do g[i] = amp * math.exp(-(((i - c) / (sigma * size)) ^ 2) / 2) end
   if o.normalize then g:div(g:sum()) end
   return g
end

function image.laplacian(...)
   return kernel2d('image.laplacian', false,
      function(amp, xs, ys) return amp * (1 - xs - ys) * math.exp(-(xs + ys)) end, ...)
end

-- convolve(src, kernel[, mode]) with mode 'valid' (default), 'same' or 'full'
function image.convolve(a, b, c, d)
   local dst, src, kernel, mode
   if is_tensor(c) then dst, src, kernel, mode = a, b, c, d else src, kernel, mode = a, b, c end
   if not (is_tensor(src) and is_tensor(kernel)) then err('image.convolve: expected (src, kernel[, mode])') end
   mode = mode or 'valid'
   local s3, was2d = as3d(src)
   local k2 = kernel
   if kernel:nDimension() == 1 then k2 = kernel:view(1, kernel:size(1)) end
   local outs = {}
   local kh, kw = k2:size(k2:nDimension() - 1), k2:size(k2:nDimension())
   for ch = 1, s3:size(1) do
      local k = k2:nDimension() == 3 and k2[ch] or k2
      local r
      if mode == 'valid' then r = torch.conv2(s3[ch], k:typeAs(s3), 'V')
      elseif mode == 'full' then r = torch.conv2(s3[ch], k:typeAs(s3), 'F')
      elseif mode == 'same' then
         r = torch.conv2(s3[ch], k:typeAs(s3), 'F')
         r = r:narrow(1, math.floor(kh / 2) + 1, s3:size(2)):narrow(2, math.floor(kw / 2) + 1, s3:size(3))
      else err('image.convolve: mode must be valid, same or full') end
      outs[ch] = r
   end
   local res = src.new():resize(#outs, outs[1]:size(1), outs[1]:size(2))
   for ch = 1, #outs do res[ch]:copy(outs[ch]) end
   if was2d then res = res[1] end
   if dst then return dst:resizeAs(res):copy(res) end
   return res
end

-- display --------------------------------------------------------------------------------------
function image.minmax(o)
   local t = o.tensor
   if not o.inplace then t = t:clone() end
   t = t:double()
   local mn, mx = o.min or t:min(), o.max or t:max()
   if o.symm then
      mx = math.max(math.abs(mn), math.abs(mx)); mn = -mx
   end
   if mx - mn > 0 then t:add(-mn):div(mx - mn) else t:zero() end
   if o.saturate ~= false then t:clamp(0, 1) end
   return t
end

-- toDisplayTensor{input=tensor or table, padding=0, nrow=, scaleeach=false, min=, max=, symmetric=false, saturate=true}
function image.toDisplayTensor(...)
   local o = kwargs(...)
   if not o then
      local a = {...}
      o = {input = a[1], padding = a[2], nrow = a[3], scaleeach = a[4], min = a[5], max = a[6], symmetric = a[7]}
   end
   local input = o.input
   if input == nil then err('image.toDisplayTensor: expected input=tensor or table of tensors') end
   local padding = o.padding or 0
   local norm = function(t)
      return image.minmax{tensor = t, min = o.min, max = o.max, symm = o.symmetric, saturate = o.saturate}
   end
   local items = {}
   if type(input) == 'table' and not torch.typename(input) then
      for i, t in ipairs(input) do
         if not is_tensor(t) then err('image.toDisplayTensor: the table must hold tensors') end
         items[i] = t
      end
      if #items == 0 then err('image.toDisplayTensor: empty table') end
   elseif is_tensor(input) then
      local nd = input:nDimension()
      if nd == 2 or (nd == 3 and (input:size(1) == 1 or input:size(1) == 3)) then
         return norm(input)
      elseif nd == 3 then
         for i = 1, input:size(1) do items[i] = input[i] end
      elseif nd == 4 then
         for i = 1, input:size(1) do items[i] = input[i] end
      else
         err('image.toDisplayTensor: expected a 2D, 3D or 4D tensor')
      end
   else
      err('image.toDisplayTensor: expected a tensor or a table of tensors')
   end
   local first = as3d(items[1])
   local C, h, w = first:size(1), first:size(2), first:size(3)
   local normed = {}
   if o.scaleeach then
      for i, t in ipairs(items) do normed[i] = norm(as3d(t)) end
   else
      local mn, mx = math.huge, -math.huge
      for _, t in ipairs(items) do mn = math.min(mn, t:min()); mx = math.max(mx, t:max()) end
      for i, t in ipairs(items) do
         normed[i] = image.minmax{tensor = as3d(t), min = o.min or mn, max = o.max or mx,
                                  symm = o.symmetric, saturate = o.saturate}
      end
   end
   local n = #items
   local xmaps = math.min(o.nrow or math.ceil(math.sqrt(n)), n)
   local ymaps = math.ceil(n / xmaps)
   local H, W = h + padding, w + padding
   local grid = torch.DoubleTensor(C, H * ymaps, W * xmaps):fill(1)
   local k = 1
   for y = 0, ymaps - 1 do
      for x = 0, xmaps - 1 do
         if k > n then break end
         local t = normed[k]
         if t:size(1) ~= C or t:size(2) ~= h or t:size(3) ~= w then
            err('image.toDisplayTensor: all images must have the same size')
         end
         grid:narrow(2, y * H + 1 + math.floor(padding / 2), h):narrow(3, x * W + 1 + math.floor(padding / 2), w):copy(t)
         k = k + 1
      end
   end
   if C == 1 then grid = grid[1] end
   return grid:type(torch.getdefaulttensortype())
end

-- display(img) / display{image=..., zoom=, legend=, padding=, nrow=, ...}: in a notebook the
-- picture is shown as cell output; elsewhere it is written to a PNG file whose path is printed.
function image.display(...)
   local o = kwargs(...) or {image = (...)}
   local img = o.image or o[1]
   if img == nil then err('image.display: expected image=tensor') end
   local t = image.toDisplayTensor{input = img, padding = o.padding or 0, nrow = o.nrow,
      scaleeach = o.scaleeach, min = o.min, max = o.max, symmetric = o.symmetric}
   if o.zoom and o.zoom ~= 1 then
      t = image.scale(t, math.max(1, math.floor(t:size(t:nDimension()) * o.zoom)),
                      math.max(1, math.floor(t:size(t:nDimension() - 1) * o.zoom)), 'simple')
   end
   local itorch = require 'itorch'
   return itorch.image(t)
end

rawset(_G, 'image', image)   -- torch's packages set their global, scripts rely on it
return image
