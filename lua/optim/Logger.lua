-- optim.Logger(filename[, timestamp]): logs named values during training to a
-- tab-separated file (a header of names, then '%11.4e' numbers, each field
-- followed by a tab) and plots them.  torch7 plotted with gnuplot into
-- <filename>.eps; luann writes that file and <filename>.png with matplotlib (Agg), so scripts
-- that convert the .eps afterwards (cifar.torch: `convert test.log.eps test.png`) find it.
require 'xlua'
local K = torch._bridge.pyimport('luann.kernels.optim')
local Logger = torch.class('optim.Logger')

local function dirname(p)
   local d = p:match('^(.*)/[^/]*$')
   if d == nil then return '.' end
   if d == '' then return '/' end
   return d
end

function Logger:__init(filename, timestamp)
   if filename then
      self.name = filename
      local dir = dirname(filename)
      if dir ~= '.' and dir ~= '/' then
         os.execute('mkdir -p "' .. dir .. '"')
      end
      if timestamp then
         -- a unique log file per run
         filename = filename .. '-' .. os.date("%Y_%m_%d_%X")
      end
      self.file = io.open(filename, 'w')
      if not self.file then
         error('<Logger> cannot open ' .. filename .. ' for writing', 2)
      end
      self.epsfile = self.name .. '.eps'
      self.pngfile = self.name .. '.png'
   else
      self.file = io.stdout
      self.name = 'stdout'
      print('<Logger> warning: no path provided, logging to std out')
   end
   self.empty = true
   self.symbols = {}
   self.styles = {}
   self.names = {}
   self.idx = {}
   self.figure = nil
   self.showPlot = true
   self.plotRawCmd = nil
   self.defaultStyle = '+'
   self.logscale = false
end

function Logger:setNames(names)
   self.names = names
   self.empty = false
   self.nsymbols = #names
   for k, key in pairs(names) do
      self.file:write(key .. '\t')
      self.symbols[k] = {}
      self.styles[k] = {self.defaultStyle}
      self.idx[key] = k
   end
   self.file:write('\n')
   self.file:flush()
   return self
end

function Logger:add(symbols)
   -- first row: the names
   if self.empty then
      self.empty = false
      self.nsymbols = #symbols
      for k, val in pairs(symbols) do
         self.file:write(k .. '\t')
         self.symbols[k] = {}
         self.styles[k] = {self.defaultStyle}
         self.names[k] = k
      end
      self.idx = self.names
      self.file:write('\n')
   end
   -- one row of values
   for k, val in pairs(symbols) do
      if type(val) == 'number' then
         self.file:write(string.format('%11.4e', val) .. '\t')
      elseif type(val) == 'string' then
         self.file:write(val .. '\t')
      else
         xlua.error('can only log numbers and strings', 'Logger')
      end
   end
   self.file:write('\n')
   self.file:flush()
   for k, val in pairs(symbols) do
      if self.symbols[k] == nil then
         xlua.error('unknown symbol ' .. tostring(k) .. ' (not in the first row / setNames)', 'Logger')
      end
      table.insert(self.symbols[k], val)
   end
end

function Logger:style(symbols)
   for name, style in pairs(symbols) do
      if type(style) == 'string' then
         self.styles[name] = {style}
      elseif type(style) == 'table' then
         self.styles[name] = style
      else
         xlua.error('style should be a string or a table of strings', 'Logger')
      end
   end
   return self
end

function Logger:setlogscale(value)
   self.logscale = value
end

function Logger:display(value)
   self.showPlot = value
end

function Logger:plot(...)
   if not K.have_matplotlib() then
      if not self.warned then
         print('<Logger> warning: cannot plot: matplotlib is not installed (pip install matplotlib)')
         self.warned = true
      end
      return
   end
   local series = {}
   local function plotsymbol(name, list)
      if list and #list > 1 then
         local y = torch.DoubleTensor(#list)
         for i = 1, #list do y[i] = tonumber(list[i]) or 0 / 0 end
         for _, style in ipairs(self.styles[name] or {self.defaultStyle}) do
            table.insert(series, {tostring(self.names[name]), y, style})
         end
      end
   end
   local args = {...}
   if not args[1] then
      for name, list in pairs(self.symbols) do plotsymbol(name, list) end
   else
      for _, name in ipairs(args) do plotsymbol(self.idx[name], self.symbols[self.idx[name]]) end
   end
   if #series == 0 then return end
   if not self.pngfile then
      print('<Logger> warning: logging to stdout, no file to put the plot next to')
      return
   end
   -- display(false) / showPlot = false: torch7 drew no window then, only the .eps
   local show = self.showPlot ~= false
   K.plot_begin()
   for _, s in ipairs(series) do K.plot_series(s[1], torch._C.np(s[2]), s[3]) end
   local err = K.plot_end(show and self.pngfile or nil, '<Logger::' .. self.name .. '>',
                          self.logscale and true or false, self.epsfile)
   if err ~= nil then
      print('<Logger> warning: plot failed: ' .. tostring(err))
   elseif show and not self._plotAnnounced then
      -- torch7 redrew a gnuplot window; the png's path is said once per Logger, as gnuplot's
      -- screen figures do (cifar.torch plots after every epoch)
      self._plotAnnounced = true
      print('<Logger> plot written to ' .. self.pngfile)
   end
end
