-- gnuplot: torch's gnuplot package drawn with matplotlib (Agg), luann/kernels/plot.py.
-- Screen figures (gnuplot.figure) show in a notebook after the cell that drew them, and elsewhere
-- are written to a PNG whose path is printed once; file figures (pngfigure/epsfigure/svgfigure/
-- pdffigure) are rewritten after every command, so the file is complete at any time.
local torch = require 'torch'

local gnuplot = {}
local P = torch._bridge.pyimport('luann.kernels.plot')

local figs = {}         -- n -> {kind = 'screen'|'png'|'eps'|'svg'|'pdf', path = ..., announced = bool}
local current = nil
local dirty = {}

local function err(msg) error(msg, 3) end

local function pyerr(e)
   local m = tostring(e)
   return m:match('ValueError: (.-)%s*$') or m:match('[%w]+Error: (.-)%s*$') or m
end

local function new_id()
   local n = 1
   while figs[n] do n = n + 1 end
   return n
end

local function cur()
   if not current or not figs[current] then
      current = new_id()
      figs[current] = {kind = 'screen'}
      P.reset(current)
   end
   return current, figs[current]
end

local function render(n)
   local f = figs[n]
   if not f then return end
   if f.kind ~= 'screen' then
      local ok, e = pcall(P.render, n, f.path, f.kind)
      if not ok then err('gnuplot: ' .. pyerr(e)) end
      return
   end
   local itorch = package.loaded.itorch
   if itorch and itorch._has_display() then
      dirty[n] = true
      return
   end
   local path = P.screen_path(n)
   local ok, e = pcall(P.render, n, path, 'png')
   if not ok then err('gnuplot: ' .. pyerr(e)) end
   if not f.announced then
      f.announced = true
      print('gnuplot: figure ' .. n .. ' is drawn in ' .. path)
   end
end

-- after a notebook cell: show the screen figures it drew
function gnuplot._notebook_flush()
   local itorch = package.loaded.itorch
   for n in pairs(dirty) do
      dirty[n] = nil
      if figs[n] and itorch then
         local ok, b64 = pcall(P.png_base64, n)
         if ok then
            itorch._send({['image/png'] = b64, ['text/plain'] = 'Console does not support images'}, 'image/png', 'png', true)
         end
      end
   end
end

-- figures ----------------------------------------------------------------------------------------
function gnuplot.figure(n)
   n = n or new_id()
   if type(n) ~= 'number' then err('gnuplot.figure: expected a figure number') end
   if not figs[n] then
      figs[n] = {kind = 'screen'}
      P.reset(n)
   end
   current = n
   return n
end

local function filefigure(kind)
   return function(fname)
      if type(fname) ~= 'string' then err('gnuplot.' .. kind .. 'figure: expected a file name') end
      local n = new_id()
      figs[n] = {kind = kind, path = fname}
      P.reset(n)
      current = n
      return n
   end
end
gnuplot.pngfigure = filefigure('png')
gnuplot.epsfigure = filefigure('eps')
gnuplot.svgfigure = filefigure('svg')
gnuplot.pdffigure = filefigure('pdf')

-- figprint(fname): the current figure written once to fname, in the format its suffix names
-- (png at gnuplot's 1024x768, eps, pdf)
function gnuplot.figprint(fname)
   if type(fname) ~= 'string' then err('gnuplot.figprint: expected a file name') end
   local suffix = fname:match('.+%.(.+)')
   if suffix ~= 'png' and suffix ~= 'eps' and suffix ~= 'pdf' then
      err('gnuplot.figprint: only eps and png and pdf for figprint')
   end
   local id = cur()
   local ok, e
   if suffix == 'png' then
      ok, e = pcall(P.render, id, fname, suffix, 10.24, 7.68)
   else
      ok, e = pcall(P.render, id, fname, suffix)
   end
   if not ok then err('gnuplot: ' .. pyerr(e)) end
end

function gnuplot.plotflush(n)
   n = n or current
   if n and figs[n] then
      local f = figs[n]
      if f.kind ~= 'screen' then render(n) end
   end
end

function gnuplot.close(n)
   n = n or current
   if n and figs[n] then
      gnuplot.plotflush(n)
      figs[n] = nil
      dirty[n] = nil
      P.close(n)
      if current == n then current = nil end
   end
end

function gnuplot.closeall()
   for n in pairs(figs) do gnuplot.plotflush(n); P.close(n) end
   figs, dirty, current = {}, {}, nil
end

-- plotting ---------------------------------------------------------------------------------------
local function np1(t, fname)
   if type(t) == 'table' and not torch.typename(t) then t = torch.DoubleTensor(t) end
   if not torch.isTensor(t) then err(fname .. ': expected a tensor') end
   return torch._C.np(t:double():contiguous():view(t:nElement()))
end

local STYLES = {['-'] = true, ['+'] = true, ['.'] = true, ['~'] = true, ['|'] = true, ['+-'] = true, ['-+'] = true}

-- one series from {[name,] [x,] y [, style]}
local function series(args, fname)
   local a = {}
   for i = 1, table.maxn(args) do a[i] = args[i] end
   local name = ''
   if type(a[1]) == 'string' and not STYLES[a[1]] then name = table.remove(a, 1) end
   local style = '-'
   if type(a[#a]) == 'string' then style = table.remove(a) end
   if not STYLES[style] then err(fname .. ": unknown style '" .. style .. "' (use '-', '+', '.', '~' or '|')") end
   local x, y = a[1], a[2]
   if y == nil then
      y = x
      if torch.isTensor(y) and y:nDimension() == 2 and y:size(2) == 2 then
         x, y = y:select(2, 1), y:select(2, 2)
      else
         local n = torch.isTensor(y) and y:nElement() or #y
         x = torch.range(1, n)
      end
   end
   local X, Y = np1(x, fname), np1(y, fname)
   if torch.isTensor(x) and torch.isTensor(y) and x:nElement() ~= y:nElement() then
      err(fname .. ': x and y must have the same number of elements')
   end
   local kind = (style == '+' or style == '.') and 'points' or (style == '|' and 'boxes') or 'line'
   return kind, X, Y, style, name
end

function gnuplot.plot(...)
   local n = select('#', ...)
   if n == 0 then err('gnuplot.plot: expected tensors to plot') end
   local first = ...
   local list
   if type(first) == 'table' and not torch.typename(first) and (type(first[1]) == 'string' or torch.isTensor(first[1]) or type(first[1]) == 'table') then
      list = {...}
   else
      list = {{...}}
   end
   local id = cur()
   P.clear(id)
   for _, args in ipairs(list) do
      local kind, X, Y, style, name = series(args, 'gnuplot.plot')
      P.add(id, kind, X, Y, nil, style, name, '', 12)
   end
   render(id)
end

-- bar(y), bar(x, y): plot(..., '|'), gnuplot's boxes
function gnuplot.bar(...)
   local args = {}
   for i = 1, select('#', ...) do args[i] = select(i, ...) end
   if #args == 0 then err('gnuplot.bar: expected tensors to plot') end
   args[#args + 1] = '|'
   return gnuplot.plot(args)
end

function gnuplot.hist(t, bins, min, max)
   if not torch.isTensor(t) then err('gnuplot.hist: expected a tensor') end
   local id = cur()
   P.clear(id)
   local ok, c, cnt, w = pcall(P.histogram, torch._C.np(t:double():contiguous()), bins or 100, min or 0, max or 0)
   if not ok then err('gnuplot.hist: ' .. pyerr(c)) end
   P.add(id, 'hist', c, cnt, nil, '', '', '', w)
   render(id)
end

function gnuplot.imagesc(m, palette)
   if not torch.isTensor(m) or m:nDimension() ~= 2 then err('gnuplot.imagesc: expected a 2D tensor') end
   local id = cur()
   P.clear(id)
   -- grayscale unless a palette is named, as in torch's gnuplot ('set palette gray' by default)
   local pal = (palette == nil or palette == 'gray') and 'gray' or 'color'
   P.add(id, 'image', nil, nil, torch._C.np(m:double():contiguous()), pal, '', '')
   render(id)
end

function gnuplot.splot(a, b, c)
   local id = cur()
   P.clear(id)
   local function np2(t)
      if not torch.isTensor(t) then err('gnuplot.splot: expected tensors') end
      return torch._C.np(t:double():contiguous())
   end
   if c ~= nil then
      P.add(id, 'surface', np2(a), np2(b), np2(c), '', '', '')
   else
      if type(a) == 'table' and not torch.typename(a) then a = a[#a] end
      P.add(id, 'surface', nil, nil, np2(a), '', '', '')
   end
   render(id)
end

-- scatter3(x, y, z), scatter3({[name,] x, y, z}, ...): 1D tensors of (x_i, y_i, z_i) points in 3D
local function scatter3_series(t)
   local bad = 'gnuplot.scatter3: expecting [string,] tensor, tensor, tensor'
   local n = table.maxn(t)
   local name = ''
   local first = 1
   if type(t[1]) == 'string' then name, first = t[1], 2 end
   if n - first + 1 ~= 3 then err(bad) end
   for i = first, n do
      if not torch.isTensor(t[i]) then err(bad) end
   end
   local x, y, z = t[first], t[first + 1], t[first + 2]
   if x:dim() ~= 1 or y:dim() ~= 1 or z:dim() ~= 1 then err('gnuplot.scatter3: x, y and z must be 1D') end
   if not (x:isSameSizeAs(y) and x:isSameSizeAs(z)) then err('gnuplot.scatter3: x, y and z must be the same size') end
   local function np(v) return torch._C.np(v:double():contiguous()) end
   return np(x), np(y), np(z), name
end

function gnuplot.scatter3(...)
   local n = select('#', ...)
   if n == 0 then err('gnuplot.scatter3: no inputs, expecting at least a matrix') end
   local list = {...}
   if type(list[1]) == 'table' and not torch.typename(list[1]) then
      if type(list[1][1]) == 'table' and not torch.typename(list[1][1]) then list = list[1] end
   else
      list = {list}
   end
   local id = cur()
   P.clear(id)
   for _, args in ipairs(list) do
      local X, Y, Z, name = scatter3_series(args)
      P.add(id, 'scatter3', X, Y, Z, '+', name, '')
   end
   render(id)
end

-- decorations ------------------------------------------------------------------------------------
local function prop(name)
   return function(v)
      local id = cur()
      P.set_prop(id, name, tostring(v))
      render(id)
   end
end
gnuplot.title = prop('title')
gnuplot.xlabel = prop('xlabel')
gnuplot.ylabel = prop('ylabel')
gnuplot.zlabel = prop('zlabel')

function gnuplot.grid(on)
   local id = cur()
   P.set_prop(id, 'grid', on and true or false)
   render(id)
end

function gnuplot.logscale(on)
   local id = cur()
   P.set_prop(id, 'logscale', on and true or false)
   render(id)
end

function gnuplot.axis(a)
   local id = cur()
   if a == 'auto' then P.set_prop(id, 'axis', false)
   elseif a == 'equal' then P.set_prop(id, 'axis', 'equal')
   elseif type(a) == 'table' then
      local v = {}
      for i = 1, 4 do v[i] = (type(a[i]) == 'number') and a[i] or nil end
      P.set_axis(id, v[1], v[2], v[3], v[4])
   else
      err("gnuplot.axis: expected {xmin, xmax, ymin, ymax}, 'auto' or 'equal'")
   end
   render(id)
end

function gnuplot.movelegend() end

local raw_told = false
function gnuplot.raw(cmd)
   if not raw_told then
      raw_told = true
      print('gnuplot.raw: luann draws with matplotlib, raw gnuplot commands are ignored (' .. tostring(cmd) .. ')')
   end
end

function gnuplot.setgnuplotexe() end
function gnuplot.setterm() end

rawset(_G, 'gnuplot', gnuplot)
return gnuplot
