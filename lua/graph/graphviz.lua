-- Graphviz output.  torch/graph renders through libgvc over the FFI; here the
-- `dot` program does the rendering when it is installed, and the .dot source is
-- always written, so a graph can still be rendered elsewhere.

local function shellquote(s)
   return "'" .. tostring(s):gsub("'", "'\\''") .. "'"
end

local function succeeded(a, b, c)
   -- Lua 5.1 returns a status number; 5.2 (and LuaJIT's 5.2 mode) true/nil, 'exit', code
   if type(a) == 'number' then return a == 0 end
   return a == true and (c == nil or c == 0)
end

local found
-- true when Graphviz's `dot` can be run
function graph.hasGraphviz()
   if found == nil then
      found = succeeded(os.execute('command -v dot >/dev/null 2>&1'))
   end
   return found
end

local missing = "Graphviz's `dot` program was not found, so no %s was rendered " ..
   "(install graphviz, e.g. `apt-get install graphviz` or `brew install graphviz`); " ..
   "the graph source is in %s"

local function writeFile(fname, text)
   local f, err = io.open(fname, 'w')
   if not f then error('graph: cannot write ' .. tostring(fname) .. ': ' .. tostring(err), 3) end
   f:write(text)
   f:close()
end

-- render g into fname; the format comes from the extension (.svg, .png, .pdf, .dot...)
function graph.graphvizFile(g, algorithm, fname, title)
   algorithm = algorithm or 'dot'
   if type(fname) ~= 'string' then error('graph.graphvizFile: a file name is expected', 2) end
   local ext = fname:match('%.(%w+)$')
   if not ext then error('graph.graphvizFile: cannot tell the format of ' .. fname .. ' (no extension)', 2) end
   local src = g:todot(title)
   if ext == 'dot' or ext == 'gv' then
      writeFile(fname, src)
      return fname
   end
   if not graph.hasGraphviz() then
      local dotname = fname:gsub('%.%w+$', '.dot')
      writeFile(dotname, src)
      error(string.format(missing, fname, dotname), 2)
   end
   local tmp = os.tmpname()
   writeFile(tmp, src)
   local ok = succeeded(os.execute(string.format('%s -T%s -o %s %s', shellquote(algorithm),
      shellquote(ext), shellquote(fname), shellquote(tmp))))
   os.remove(tmp)
   if not ok then error('graph.graphvizFile: graphviz failed to render ' .. fname, 2) end
   return fname
end

-- Graphviz layout positions are not available without libgvc
function graph.graphvizLayout()
   error('graph.graphvizLayout needs the graphviz library, which luann does not load', 2)
end

--[[ graph.dot(g, title, fname): writes fname.dot and, when graphviz is installed,
fname.svg (fname may also end in .svg/.png/.pdf/.dot to pick the rendered format).
Without fname the files go to a temporary name, which is printed (there is no
qt window to show them in).  Returns the .dot path and the rendered path (or nil). ]]
function graph.dot(g, title, fname)
   if type(g) ~= 'table' or type(g.todot) ~= 'function' then
      error('graph.dot: a graph.Graph is expected (for a gModule, pass gm.fg or gm.bg)', 2)
   end
   local announce = fname == nil
   if not fname then
      fname = os.tmpname()
      os.remove(fname)   -- only its name is wanted (.dot and .svg are added to it)
   end
   local base, ext = fname:match('^(.*)%.(%a+)$')
   if not (base and (ext == 'svg' or ext == 'png' or ext == 'pdf' or ext == 'dot')) then
      base, ext = fname, 'svg'
   end
   local fndot = base .. '.dot'
   writeFile(fndot, g:todot(title))
   local rendered
   if ext ~= 'dot' then
      if graph.hasGraphviz() then
         rendered = graph.graphvizFile(g, 'dot', base .. '.' .. ext, title)
      else
         io.stderr:write(string.format(missing, base .. '.' .. ext, fndot) .. '\n')
      end
   end
   if announce then
      print('graph.dot: wrote ' .. (rendered or fndot))
   end
   return fndot, rendered
end
