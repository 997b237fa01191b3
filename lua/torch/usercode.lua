-- Compiling the user's own chunks (the script, -e, stdin, REPL and notebook statements) so that
-- errors raised by the library name the user's line even for calls in tail position.
--
-- `return x:view(4, 2)` is a tail call: LuaJIT drops the user's frame before view() runs, so
-- an error raised inside has no user line left on the stack (torch._user_position finds the
-- caller's caller, or nothing at all in a main chunk). usercode.load rewrites such returns into
-- `return __luann_tc(x:view(4, 2))`: the call runs in the user's frame and the identity
-- function __luann_tc passes every value through. Only calls of a field or a method
-- (`a.b(...)`, `a:b(...)`, `f(x)(y)`) are rewritten, the way torch, nn and optim are reached; a
-- call of a plain name (`return loop(n - 1)`) stays a real tail call, so tail-recursive loops
-- keep running in constant stack. Line numbers are unchanged (nothing adds a newline); a chunk
-- the rewrite would break (a syntax error, too many upvalues) is compiled as written.
local M = {}

local keywords = {}
for w in ([[and break do else elseif end false for function goto if in local nil not or repeat
   return then true until while]]):gmatch('%a+') do keywords[w] = true end

local function long_bracket(src, i)
   -- src:sub(i) starts with '[' ; returns the index after the closing bracket, or nil
   local eq = src:match('^%[(=*)%[', i)
   if not eq then return nil end
   local _, e = src:find(']' .. eq .. ']', i + #eq + 2, true)
   return (e or #src) + 1
end

-- tokens: {kind, text, s, e} with kind 'name', 'kw', 'string', 'number', 'op'
local function tokenize(src)
   local toks, i, n = {}, 1, #src
   while i <= n do
      local c = src:sub(i, i)
      if c:match('%s') then
         i = src:find('[^%s]', i) or n + 1
      elseif src:sub(i, i + 1) == '--' then
         local j = src:sub(i + 2, i + 2) == '[' and long_bracket(src, i + 2)
         if j then i = j else i = (src:find('\n', i, true) or n) + 1 end
      elseif c == '"' or c == "'" then
         local j = i + 1
         while j <= n do
            local d = src:sub(j, j)
            if d == '\\' then j = j + 2
            elseif d == c or d == '\n' then break
            else j = j + 1 end
         end
         toks[#toks + 1] = {'string', nil, i, j}
         i = j + 1
      elseif c == '[' and long_bracket(src, i) then
         local j = long_bracket(src, i)
         toks[#toks + 1] = {'string', nil, i, j - 1}
         i = j
      elseif c:match('[%a_]') then
         local s, e = src:find('^[%w_]+', i)
         local w = src:sub(s, e)
         toks[#toks + 1] = {keywords[w] and 'kw' or 'name', w, s, e}
         i = e + 1
      elseif c:match('%d') or (c == '.' and src:sub(i + 1, i + 1):match('%d')) then
         local e
         if src:match('^0[xX]', i) then
            e = select(2, src:find('^0[xX][%x%.]*', i))
            e = select(2, src:find('^[pP][%+%-]?%d+', e + 1)) or e
         else
            e = select(2, src:find('^%d*%.?%d*', i))
            e = select(2, src:find('^[eE][%+%-]?%d+', e + 1)) or e
         end
         e = select(2, src:find('^[%w_]*', e + 1)) or e
         toks[#toks + 1] = {'number', nil, i, e}
         i = e + 1
      else
         local op = src:match('^%.%.%.', i) or src:match('^[=~<>]=', i) or src:match('^%.%.', i)
            or src:match('^::', i) or c
         toks[#toks + 1] = {'op', op, i, i + #op - 1}
         i = i + #op
      end
   end
   return toks
end

local openers = {['('] = true, ['['] = true, ['{'] = true}
local closers = {[')'] = true, [']'] = true, ['}'] = true}
local block_open = {['function'] = true, ['if'] = true, ['do'] = true, ['repeat'] = true}
local block_close = {['end'] = true, ['until'] = true}
local stops = {['end'] = true, ['else'] = true, ['elseif'] = true, ['until'] = true}

local function is_stop(t)
   return t == nil or (t[1] == 'kw' and stops[t[2]]) or (t[1] == 'op' and t[2] == ';')
end

-- the index of the bracket matching the closer at index k
local function match_back(toks, k, lo)
   local depth = 0
   for m = k, lo, -1 do
      local t = toks[m]
      if t[1] == 'op' then
         if closers[t[2]] then depth = depth + 1
         elseif openers[t[2]] then
            depth = depth - 1
            if depth == 0 then return m end
         end
      end
   end
end

-- can the token end a prefix expression that is then called?
local function ends_prefix(t)
   return t and (t[1] == 'name' or t[1] == 'string'
      or (t[1] == 'op' and (t[2] == ')' or t[2] == ']' or t[2] == '}')))
end

-- is toks[j..k] (a return's expression list) ending with a call of a field or method?
local function ends_with_field_call(toks, j, k)
   local last = toks[k]
   local open
   if last[1] == 'string' then open = k
   elseif last[1] == 'op' and (last[2] == ')' or last[2] == '}') then open = match_back(toks, k, j)
   else return false end
   if not open or open <= j then return false end
   local callee = toks[open - 1]
   if not ends_prefix(callee) then return false end
   if callee[1] == 'name' then
      local before = toks[open - 2]
      -- a plain name: a real tail call stays (tail recursion)
      return open - 2 >= j and before[1] == 'op' and (before[2] == '.' or before[2] == ':')
   end
   if callee[1] == 'string' and open - 1 == j then return false end   -- return "a" "b" (invalid)
   return true
end

-- the rewritten source, or nil when there is nothing to rewrite
function M.rewrite(src, fname)
   local ok, toks = pcall(tokenize, src)
   if not ok then return nil end
   local inserts = {}   -- position -> text (before the character at position)
   for i = 1, #toks do
      local t = toks[i]
      if t[1] == 'kw' and t[2] == 'return' and not is_stop(toks[i + 1]) then
         local depth, blocks, k = 0, 0, i + 1
         while true do
            local u = toks[k]
            if u == nil then break end
            if depth == 0 and blocks == 0 and is_stop(u) then break end
            if u[1] == 'op' then
               if openers[u[2]] then depth = depth + 1 elseif closers[u[2]] then depth = depth - 1 end
            elseif u[1] == 'kw' then
               if block_open[u[2]] then blocks = blocks + 1 elseif block_close[u[2]] then blocks = blocks - 1 end
            end
            if depth < 0 or blocks < 0 then break end
            k = k + 1
         end
         local last = k - 1
         if last > i and depth == 0 and blocks == 0 and ends_with_field_call(toks, i + 1, last) then
            local s, e = toks[i + 1][3], toks[last][4]
            inserts[#inserts + 1] = {s, fname .. '('}
            inserts[#inserts + 1] = {e + 1, ')'}
         end
      end
   end
   if #inserts == 0 then return nil end
   table.sort(inserts, function(a, b) return a[1] < b[1] end)
   local parts, pos = {}, 1
   for _, ins in ipairs(inserts) do
      parts[#parts + 1] = src:sub(pos, ins[1] - 1)
      parts[#parts + 1] = ins[2]
      pos = ins[1]
   end
   parts[#parts + 1] = src:sub(pos)
   return table.concat(parts)
end

local function identity(...) return ... end
torch._tc = identity

-- loadstring for the user's code: same result, calls in tail position rewritten (see above)
function M.load(src, chunkname)
   if type(src) ~= 'string' or src:byte(1) == 27 then return loadstring(src, chunkname) end
   local body = src
   if body:sub(1, 1) == '#' then body = body:gsub('^[^\n]*', '', 1) end   -- a #! line, as loadfile
   local new = M.rewrite(body, '__luann_tc')
   if new then
      local f = loadstring('local __luann_tc = torch._tc; ' .. new, chunkname)
      if f then return f end
   end
   return loadstring(body, chunkname)
end

function M.loadfile(path)
   local fh = io.open(path, 'rb')
   if not fh then return loadfile(path) end   -- loadfile's own message
   local src = fh:read('*a')
   fh:close()
   if not src then return loadfile(path) end
   return M.load(src, '@' .. path)
end

-- the user's modules get the same rewrite: `require 'mymodel'` of a file outside luann's lua/
-- directories, and dofile(path)
local function is_lib(path)
   local src = '@' .. path
   for _, d in ipairs(torch._libdirs or {}) do
      if src:sub(1, #d) == d then return true end
   end
   return false
end

function M.install()
   if M._installed then return end
   M._installed = true
   table.insert(package.loaders, 2, function(name)
      if type(name) ~= 'string' then return nil end
      local path = package.searchpath(name, package.path)
      if not path or is_lib(path) then return nil end
      local f, err = M.loadfile(path)
      if not f then
         error(string.format("error loading module '%s' from file '%s':\n\t%s", name, path, err), 0)
      end
      return f
   end)
   local raw_dofile = dofile
   dofile = function(path)
      if path == nil or is_lib(path) then return raw_dofile(path) end
      local f, err = M.loadfile(path)
      if not f then error(err, 0) end
      return f()
   end
end

return M
