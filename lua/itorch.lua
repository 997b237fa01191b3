-- itorch: iTorch's display API (facebookarchive/iTorch gfx.lua, torch7-api.md §3.4).
-- Inside the luann Jupyter kernel (and `luann notebook run`) the global `itorch` is this table and
-- rich output goes to the notebook as display_data; elsewhere `require 'itorch'` still works and each
-- picture or page is written to a file (under $LUANN_ITORCH_DIR or the temp dir) whose path is printed.
local torch = require 'torch'

local itorch = {}
local K = torch._bridge.pyimport('luann.kernels.image')
local P = torch._bridge.pyimport('luann.kernels.plot')

local hook = nil
function itorch._set_display_hook(f) hook = f end
function itorch._has_display() return hook ~= nil end

local function pcall_py(fname, f, ...)
   local res = {pcall(f, ...)}
   if not res[1] then
      local m = tostring(res[2])
      m = m:match('ValueError: (.-)%s*$') or m:match('[%w]+Error: (.-)%s*$') or m
      error(fname .. ': ' .. m:gsub('^' .. fname:gsub('%.', '%%.') .. ': ', ''), 3)
   end
   return unpack(res, 2)
end

-- send one output: bundle = {['image/png'] = base64, ['text/plain'] = ...}; `ext`/`key`/`b64` say
-- which entry becomes the file outside a notebook
local function send(bundle, key, ext, b64)
   if hook then
      io.stdout:flush()
      hook(bundle)
      return
   end
   local path = pcall_py('itorch', K.write_output, bundle[key], ext, b64)
   print(path)
   return path
end
itorch._send = send

-- itorch.image(tensor | table of tensors | file name[, opts])
function itorch.image(img, opts)
   opts = opts or {}
   local image = require 'image'
   if type(img) == 'string' then img = image.load(img) end
   if not (torch.isTensor(img) or (type(img) == 'table' and not torch.typename(img))) then
      error('itorch.image: expected a tensor, a table of tensors or a file name', 2)
   end
   local t = image.toDisplayTensor{input = img, padding = opts.padding or 2, nrow = opts.nrow,
      scaleeach = opts.scaleeach, min = opts.min, max = opts.max, symmetric = opts.symmetric}
   local b64 = pcall_py('itorch.image', K.png_base64, torch._C.np(t:double():contiguous()))
   send({['image/png'] = b64, ['text/plain'] = 'Console does not support images'}, 'image/png', 'png', true)
end

function itorch.lena()
   itorch.image(require('image').lena())
end

function itorch.html(html, window_id)
   if type(html) ~= 'string' then error('itorch.html: expected an HTML string', 2) end
   send({['text/html'] = html, ['text/plain'] = 'Console does not support HTML'}, 'text/html', 'html', false)
   if window_id ~= nil then return window_id end
end

function itorch.svg(s)
   if type(s) ~= 'string' then error('itorch.svg: expected an SVG string or file name', 2) end
   if not s:find('<svg', 1, true) then
      local f = io.open(s, 'r')
      if not f then error('itorch.svg: cannot open ' .. s, 2) end
      s = f:read('*a'); f:close()
   end
   send({['image/svg+xml'] = s, ['text/plain'] = 'Console does not support SVG'}, 'image/svg+xml', 'svg', false)
end

function itorch.audio(path)
   local html = pcall_py('itorch.audio', K.media_html, path, 'audio')
   send({['text/html'] = html, ['text/plain'] = 'Console does not support audio'}, 'text/html', 'html', false)
end

function itorch.video(path)
   local html = pcall_py('itorch.video', K.media_html, path, 'video')
   send({['text/html'] = html, ['text/plain'] = 'Console does not support video'}, 'text/html', 'html', false)
end

-- itorch.Plot(): iTorch's bokeh plots, drawn with matplotlib -----------------------------------
local Plot = {}
Plot.__index = Plot
local next_fig = -1   -- negative ids: gnuplot uses the positive ones

local function vec(x, name)
   if type(x) == 'table' then x = torch.DoubleTensor(x) end
   if not torch.isTensor(x) then error('itorch.Plot:' .. name .. ': expected a tensor or a table of numbers', 3) end
   return torch._C.np(x:double():contiguous():view(x:nElement()))
end

function itorch.Plot()
   local self = setmetatable({}, Plot)
   self._fid = next_fig
   next_fig = next_fig - 1
   P.reset(self._fid)
   return self
end

local function xy(self, kind, x, y, color, legend, style)
   if y == nil then
      y = x
      if type(y) == 'table' then y = torch.DoubleTensor(y) end
      if not torch.isTensor(y) then error('itorch.Plot:' .. kind .. ': expected a tensor or a table of numbers', 3) end
      x = torch.range(1, y:nElement())
   end
   P.add(self._fid, kind, vec(x, kind), vec(y, kind), nil, style or '', legend or '', color or '')
   return self
end

function Plot:line(x, y, color, legend) return xy(self, 'line', x, y, color, legend, '-') end
function Plot:circle(x, y, color, legend) return xy(self, 'points', x, y, color, legend, 'o') end
function Plot:triangle(x, y, color, legend) return xy(self, 'points', x, y, color, legend, '^') end
Plot.scatter = Plot.circle

function Plot:histogram(x, nBins, min, max, color, legend)
   local c, n, w = pcall_py('itorch.Plot:histogram', P.histogram, vec(x, 'histogram'), nBins or 100, min or 0, max or 0)
   P.add(self._fid, 'hist', c, n, nil, '', legend or '', color or '', w)
   return self
end
Plot.hist = Plot.histogram

function Plot:title(t) P.set_prop(self._fid, 'title', tostring(t)); return self end
function Plot:xaxis(t) P.set_prop(self._fid, 'xlabel', tostring(t)); return self end
function Plot:yaxis(t) P.set_prop(self._fid, 'ylabel', tostring(t)); return self end
function Plot:legend(on) P.set_prop(self._fid, 'legend', on and true or false); return self end
function Plot:hover_tool() return self end

function Plot:png_base64()
   return pcall_py('itorch.Plot', P.png_base64, self._fid)
end

function Plot:draw()
   send({['image/png'] = self:png_base64(), ['text/plain'] = 'Console does not support images'}, 'image/png', 'png', true)
   return self
end
Plot.redraw = Plot.draw

function Plot:tohtml()
   return '<img src="data:image/png;base64,' .. self:png_base64() .. '"/>'
end

function Plot:save(path)
   pcall_py('itorch.Plot:save', P.render, self._fid, path)
   return self
end

itorch.__version = 'luann'
return itorch
