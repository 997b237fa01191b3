-- torch.File, DiskFile, MemoryFile, PipeFile and the .t7 format (torch.save / torch.load,
-- serialize / deserialize), written in Lua over LuaJIT FFI, the way torch7's File.lua sits on
-- top of its C primitives.
--
-- Layers:
--   * a byte stream per file kind (_rawread / _rawwrite / _rawseek / _rawtell / _rawsize), with a
--     read-ahead string buffer in the base class (`_rb`, `_ri`) that the ascii number scanner uses;
--   * torch7's typed primitives (readInt, writeDouble(storage), ...) in binary and ascii encodings,
--     with THDiskFile's formats (%d, %.9g, %.17g, autospacing, raw bytes for Byte/Char);
--   * readObject / writeObject: the 9 type tags, reference numbering, versions, tensors and storages
--     of every type, torch classes through torch.factory, nn modules rebuilt live.
--
-- Reading is defensive: every read is bounded by the bytes left in the file, sizes are checked
-- against what the file can hold before anything is allocated, nesting is limited, and any failure
-- inside readObject raises "<file>: corrupt at byte N: <what>" (N is the 0-based byte offset where
-- the failing item starts).  Functions in files are refused unless allowed
-- (torch.load(path, mode, {allowFunctions=true}) or LUANN_T7_ALLOW_FUNCTIONS=1).
--
-- Byte-identical re-saving: the key order of every table read from a file is remembered (weakly,
-- only when it differs from 1..n) and used again when the same table or torch object is written;
-- fresh tables are written in a deterministic order (1..n, other numbers, strings, booleans).
local torch = require 'torch'
local type = torch._luatype -- tensors are 'cdata' here (user code sees torch7's 'userdata')
local ffi = require 'ffi'
local C = torch._C
local T = torch._tensor_types

local TYPE_NIL, TYPE_NUMBER, TYPE_STRING, TYPE_TABLE, TYPE_TORCH, TYPE_BOOLEAN = 0, 1, 2, 3, 4, 5
local TYPE_FUNCTION, LEGACY_TYPE_RECUR_FUNCTION, TYPE_RECUR_FUNCTION = 6, 7, 8

local CHUNK = 65536
local MAX_DEPTH = 1000

local File = torch.class('torch.File')
local DiskFile = torch.class('torch.DiskFile', 'torch.File')
local MemoryFile = torch.class('torch.MemoryFile', 'torch.File')
local PipeFile = torch.class('torch.PipeFile', 'torch.File')
local file_classes = {}
for _, n in ipairs{'torch.File', 'torch.DiskFile', 'torch.MemoryFile', 'torch.PipeFile'} do
   local mt = torch.getmetatable(n)
   file_classes[mt] = true
end

-- orders of keys read from files: table or torch object -> array of keys
local ORDER = setmetatable({}, {__mode = 'k'})
torch._t7_key_order = ORDER

local scratch = ffi.new('union { int8_t c[8]; uint8_t b[8]; int16_t s; int32_t i; int64_t l; float f; double d; }')

-- element types ----------------------------------------------------------------------------
-- name -> {size, ct, fmt (ascii), int, storage type record}
local PRIM = {
   Byte = {size = 1, raw = true, ty = T.byname.Byte},
   Char = {size = 1, raw = true, ty = T.byname.Char},
   Short = {size = 2, ct = 'int16_t', int = true, ty = T.byname.Short, lo = -32768, hi = 32767},
   Int = {size = 4, ct = 'int32_t', int = true, ty = T.byname.Int, lo = -2147483648, hi = 2147483647},
   Long = {size = 8, ct = 'int64_t', int = true, long = true, ty = T.byname.Long},
   Float = {size = 4, ct = 'float', fmt = '%.9g', ty = T.byname.Float},
   Double = {size = 8, ct = 'double', fmt = '%.17g', ty = T.byname.Double},
   Half = {size = 2, half = true, fmt = '%.9g', ty = T.byname.Half},
}
for name, p in pairs(PRIM) do
   p.name = name
   if p.ct then p.ptrt = ffi.typeof(p.ct .. '*') end
end

-- half <-> float on the bits (storages of halves are numpy float16 arrays)
local function half_to_float(h)
   local s = h >= 0x8000 and -1 or 1
   local e = bit.band(bit.rshift(h, 10), 0x1f)
   local m = bit.band(h, 0x3ff)
   if e == 0 then return s * m * 2 ^ -24 end
   if e == 31 then return m == 0 and s * math.huge or 0 / 0 end
   return s * (1 + m / 1024) * 2 ^ (e - 15)
end

local function float_to_half(f)
   scratch.f = f
   local x = scratch.i
   local sign = bit.band(bit.rshift(x, 16), 0x8000)
   local e = bit.band(bit.rshift(x, 23), 0xff)
   local m = bit.band(x, 0x7fffff)
   if e == 255 then return sign + 0x7c00 + (m ~= 0 and 0x200 or 0) end
   local ne = e - 127 + 15
   if ne >= 31 then return sign + 0x7c00 end
   if ne <= 0 then
      if ne < -10 then return sign end
      m = m + 0x800000
      local shift = 14 - ne
      local hm = bit.rshift(m, shift)
      local rem = bit.band(m, bit.lshift(1, shift) - 1)
      local half = bit.lshift(1, shift - 1)
      if rem > half or (rem == half and bit.band(hm, 1) == 1) then hm = hm + 1 end
      return sign + hm
   end
   local hm = bit.rshift(m, 13)
   local rem = bit.band(m, 0x1fff)
   local h = sign + bit.lshift(ne, 10) + hm
   if rem > 0x1000 or (rem == 0x1000 and bit.band(hm, 1) == 1) then h = h + 1 end
   return h
end

-- errors -----------------------------------------------------------------------------------
local function fname_of(self) return rawget(self, '_name') or '<file>' end

-- both carry the user's file:line in front (torch._error skips luann's own frames)
function File:_corrupt(msg, pos)
   torch._error(string.format('%s: corrupt at byte %d: %s', fname_of(self), pos or self:_pos(), msg))
end

function File:_ioerror(msg, pos)
   rawset(self, '_err', true)
   if rawget(self, '_rdepth') and self._rdepth > 0 then self:_corrupt(msg, pos) end
   if not self._quiet then
      torch._error(string.format('%s (%s, byte %d)', msg, fname_of(self), pos or self:_pos()))
   end
end

local function check_open(self)
   if self._closed then error('attempt to use a closed file', 3) end
end
local function check_read(self)
   if self._closed then error('attempt to use a closed file', 3) end
   if not self._readable then error('attempt to read in a write-only file', 3) end
end
local function check_write(self)
   if self._closed then error('attempt to use a closed file', 3) end
   if not self._writable then error('attempt to write in a read-only file', 3) end
end

-- common state -----------------------------------------------------------------------------
local function init_common(self, name, mode, quiet)
   local r, w
   if mode == 'r' then r = true elseif mode == 'w' then w = true elseif mode == 'rw' then r, w = true, true
   else return false end
   self._name = name
   self._readable, self._writable = r or false, w or false
   self._binary = false
   self._autospacing = true
   self._quiet = quiet and true or false
   self._err = false
   self._longsize = 0
   self._swap = false
   self._closed = false
   self._rb, self._ri = '', 1
   self._rdepth = 0
   return true
end

-- buffered reading over the raw stream -------------------------------------------------------
function File:_avail() return #self._rb - self._ri + 1 end

-- logical 0-based position
function File:_pos()
   return self:_rawtell() - (#self._rb - self._ri + 1)
end

-- bytes left after the logical position (nil when unknown: pipes)
function File:_remaining()
   local size = self:_rawsize()
   if not size then return nil end
   return size - self:_pos()
end

function File:_unbuffer()
   local left = #self._rb - self._ri + 1
   if left > 0 then self:_rawseek(self:_rawtell() - left) end
   self._rb, self._ri = '', 1
end

-- make at least `need` bytes available in the buffer (fewer at end of file); returns available
function File:_fill(need)
   local avail = #self._rb - self._ri + 1
   if avail >= need then return avail end
   local more = self:_rawread(math.max(CHUNK, need - avail))
   if #more == 0 then return avail end
   self._rb = (avail > 0 and self._rb:sub(self._ri) or '') .. more
   self._ri = 1
   return #self._rb
end

-- up to n bytes as a string
function File:_take(n)
   local rb, ri = self._rb, self._ri
   local avail = #rb - ri + 1
   if n <= avail then
      self._ri = ri + n
      return rb:sub(ri, ri + n - 1)
   end
   if n > CHUNK then
      local head = avail > 0 and rb:sub(ri) or ''
      self._rb, self._ri = '', 1
      return head .. self:_rawread(n - avail)
   end
   avail = self:_fill(n)
   local k = math.min(n, avail)
   local s = self._rb:sub(self._ri, self._ri + k - 1)
   self._ri = self._ri + k
   return s
end

-- up to n bytes copied to the char pointer dst; returns the count copied. Long runs (a storage
-- of a 1.4 GB cifar provider.t7) go to dst in 16 MB pieces, never as one Lua string of n bytes
local PIECE = 16 * 1024 * 1024
function File:_takeinto(dst, n)
   local rb, ri = self._rb, self._ri
   local avail = #rb - ri + 1
   if n <= avail or n <= PIECE then
      local s = self:_take(n)
      ffi.copy(dst, s, #s)
      return #s
   end
   local got = 0
   if avail > 0 then
      ffi.copy(dst, ffi.cast('const char*', rb) + (ri - 1), avail)
      got = avail
   end
   self._rb, self._ri = '', 1
   while got < n do
      local s = self:_rawread(math.min(n - got, PIECE))
      if #s == 0 then break end
      ffi.copy(dst + got, s, #s)
      got = got + #s
   end
   return got
end

-- disk files ---------------------------------------------------------------------------------
function DiskFile:__init(name, mode, quiet)
   if type(name) ~= 'string' then error('bad argument #1 to DiskFile (string expected)', 2) end
   mode = mode or 'r'
   if not init_common(self, name, mode, quiet) then
      error("bad argument #2 to DiskFile (file mode should be 'r','w' or 'rw')", 2)
   end
   local h
   if mode == 'rw' then
      h = io.open(name, 'r+b')
      if not h then
         h = io.open(name, 'wb')
         if h then h:close(); h = io.open(name, 'r+b') end
      end
   else
      h = io.open(name, mode == 'r' and 'rb' or 'wb')
   end
   if not h then
      if quiet then self._closed = true; self._err = true; self._openfailed = true; return end
      torch._error(string.format('cannot open <%s> in mode %s%s', name, self._readable and 'r' or ' ', self._writable and 'w' or ' '))
   end
   self._h = h
   self._fsize = h:seek('end') or 0
   h:seek('set', 0)
   self._tell = 0
end

function DiskFile:_rawread(n)
   local left = self._fsize - self._tell
   if n > left then n = left end
   if n <= 0 then return '' end
   local s = self._h:read(n) or ''
   self._tell = self._tell + #s
   return s
end
function DiskFile:_rawwrite(s)
   local ok, err = self._h:write(s)
   if not ok then self:_ioerror('write error: ' .. tostring(err)) return 0 end
   self._tell = self._tell + #s
   if self._tell > self._fsize then self._fsize = self._tell end
   return #s
end
function DiskFile:_rawseek(p) self._h:seek('set', p); self._tell = p end
function DiskFile:_rawtell() return self._tell end
function DiskFile:_rawsize() return self._fsize end
function DiskFile:_rawclose() self._h:close() end
function DiskFile:_rawflush() self._h:flush() end
function DiskFile:noBuffer() check_open(self); self._h:setvbuf('no'); return self end
function DiskFile:nativeEndianEncoding() check_open(self); self._swap = false; return self end
function DiskFile:littleEndianEncoding() check_open(self); self._swap = not ffi.abi('le'); return self end
function DiskFile:bigEndianEncoding() check_open(self); self._swap = ffi.abi('le'); return self end
function DiskFile:isLittleEndianCPU() return ffi.abi('le') end
function DiskFile:isBigEndianCPU() return not ffi.abi('le') end
function DiskFile:__tostring__()
   return string.format('torch.DiskFile on <%s> [status: %s -- mode: %s%s]', self._name,
      self._closed and 'closed' or 'open', self._readable and 'r' or '', self._writable and 'w' or '')
end

-- pipes ----------------------------------------------------------------------------------------
function PipeFile:__init(cmd, mode, quiet)
   mode = mode or 'r'
   if mode ~= 'r' and mode ~= 'w' then error("bad argument #2 to PipeFile (file mode should be 'r','w')", 2) end
   init_common(self, cmd, mode, quiet)
   local h = io.popen(cmd, mode)
   if not h then
      if quiet then self._closed = true; self._openfailed = true; return end
      torch._error(string.format('cannot open <%s> in mode %s%s', cmd, self._readable and 'r' or ' ', self._writable and 'w' or ' '))
   end
   self._h, self._tell = h, 0
end
function PipeFile:_rawread(n)
   local s = self._h:read(math.min(n, CHUNK)) or ''
   self._tell = self._tell + #s
   return s
end
PipeFile._rawwrite = function(self, s) self._h:write(s); self._tell = self._tell + #s; return #s end
function PipeFile:_rawseek(p) if p ~= self._tell then error('cannot seek in a pipe', 3) end end
function PipeFile:_rawtell() return self._tell end
function PipeFile:_rawsize() return nil end
function PipeFile:_rawclose() self._h:close() end
function PipeFile:_rawflush() self._h:flush() end

-- memory files ---------------------------------------------------------------------------------
function MemoryFile:__init(a, b)
   local st, mode
   if C.isstorage(a) then st, mode = a, b or 'rw' else mode = a or 'rw' end
   if not init_common(self, '<MemoryFile>', mode, false) then
      error("bad argument to MemoryFile (file mode should be 'r','w' or 'rw')", 2)
   end
   if st then
      if torch.typename(st) ~= 'torch.CharStorage' then error('bad argument #1 to MemoryFile (torch.CharStorage expected)', 2) end
      if st._n < 1 or st._p[st._n - 1] ~= 0 then error('provided CharStorage must be terminated by 0', 2) end
      self._st, self._size = st, st._n - 1
   else
      self._st, self._size = torch.CharStorage(1):fill(0), 0
   end
   self._mpos = 0
end
function MemoryFile:_rawread(n)
   local k = math.min(n, self._size - self._mpos)
   if k <= 0 then return '' end
   local s = ffi.string(self._st._p + self._mpos, k)
   self._mpos = self._mpos + k
   return s
end
local function mem_grow(self, need)   -- need: new content size; keeps room for the final '\0'
   local st = self._st
   if need + 1 > st._n then
      local cap = st._n + math.floor(st._n / 2)
      if cap < need + 1 then cap = need + 1 end
      C.resize_storage(st, cap)
   end
end
function MemoryFile:_rawwrite(s, n)
   n = n or #s
   mem_grow(self, self._mpos + n)
   ffi.copy(self._st._p + self._mpos, s, n)
   self._mpos = self._mpos + n
   if self._mpos > self._size then
      self._size = self._mpos
      self._st._p[self._size] = 0
   end
   return n
end
function MemoryFile:_rawseek(p) self._mpos = p end
function MemoryFile:_rawtell() return self._mpos end
function MemoryFile:_rawsize() return self._size end
function MemoryFile:_rawclose() end
function MemoryFile:_rawflush() end
function MemoryFile:storage()
   check_open(self)
   if self._st._n ~= self._size + 1 then C.resize_storage(self._st, self._size + 1) end
   self._st._p[self._size] = 0
   return self._st
end
function MemoryFile:__tostring__()
   return string.format('torch.MemoryFile [status: %s -- mode: %s%s]', self._closed and 'closed' or 'open',
      self._readable and 'r' or '', self._writable and 'w' or '')
end

-- general control ------------------------------------------------------------------------------
function File:binary() check_open(self); self._binary = true; return self end
function File:ascii() check_open(self); self._binary = false; return self end
function File:autoSpacing() check_open(self); self._autospacing = true; return self end
function File:noAutoSpacing() check_open(self); self._autospacing = false; return self end
function File:quiet() check_open(self); self._quiet = true; return self end
function File:pedantic() check_open(self); self._quiet = false; return self end
function File:clearError() check_open(self); self._err = false; return self end
function File:hasError() return self._err and true or false end
function File:isQuiet() return self._quiet end
function File:isReadable() return self._readable end
function File:isWritable() return self._writable end
function File:isBinary() return self._binary end
function File:isAutoSpacing() return self._autospacing end
function File:isOpened() return not self._closed end
function File:longSize(n)
   check_open(self)
   if n ~= 0 and n ~= 4 and n ~= 8 then error('Invalid long size specified', 2) end
   self._longsize = n
   return self
end
function File:synchronize()
   check_open(self)
   self:_unbuffer()
   self:_rawflush()
   return self
end
function File:seek(p)
   check_open(self)
   if type(p) ~= 'number' then error('bad argument #1 to seek (number expected)', 2) end
   if p < 1 then error('bad argument #1 to seek (position must be positive)', 2) end
   self:_unbuffer()
   local size = self:_rawsize()
   if size and p - 1 > size and self.__typename ~= 'torch.DiskFile' then
      self._err = true
      if not self._quiet then error(string.format('unable to seek at position %d', p), 2) end
      return self
   end
   self:_rawseek(p - 1)
   return self
end
function File:seekEnd()
   check_open(self)
   self._rb, self._ri = '', 1
   self:_rawseek(self:_rawsize() or self:_rawtell())
   return self
end
function File:position()
   check_open(self)
   return self:_pos() + 1
end
function File:close()
   check_open(self)
   self:_unbuffer()
   self:_rawclose()
   self._closed = true
   return true
end

-- low-level typed reading ---------------------------------------------------------------------
local WS = '^[ \t\n\r\f\v]*()'

-- skip whitespace; false at end of file
function File:_skipws()
   while true do
      if self:_fill(1) == 0 then return false end
      local e = self._rb:match(WS, self._ri)
      self._ri = e
      if e <= #self._rb then return true end
   end
end

-- scan one ascii number the way fscanf does; nil when none
function File:_scan(isint)
   if not self:_skipws() then return nil end
   self:_fill(512)
   local rb, ri = self._rb, self._ri
   local tok
   if isint then
      tok = rb:match('^[%+%-]?%d+', ri)
      if not tok then return nil end
      self._ri = ri + #tok
      return tonumber(tok)
   end
   tok = rb:match('^[%+%-]?%d*%.?%d*[eE][%+%-]?%d+', ri)
   if not (tok and tok:find('%d.*[eE]')) then
      tok = rb:match('^[%+%-]?%d*%.?%d*', ri)
      if tok and not tok:find('%d') then tok = nil end
   end
   if tok then
      self._ri = ri + #tok
      return tonumber(tok)
   end
   local sgn, word = rb:match('^([%+%-]?)(%a+)', ri)
   if word then
      local lw = word:lower()
      local v
      if lw:sub(1, 8) == 'infinity' then v = math.huge; word = word:sub(1, 8)
      elseif lw:sub(1, 3) == 'inf' then v = math.huge; word = word:sub(1, 3)
      elseif lw:sub(1, 3) == 'nan' then v = 0 / 0; word = word:sub(1, 3) end
      if v then
         self._ri = ri + #sgn + #word
         return sgn == '-' and -v or v
      end
   end
   return nil
end

function File:_eatnl()
   if self._autospacing then
      if self:_fill(1) > 0 and self._rb:byte(self._ri) == 10 then self._ri = self._ri + 1 end
   end
end

-- read n elements of primitive p into the typed pointer dst (+dstoff); returns the count read
function File:_readn(p, n, dst, dstoff)
   dstoff = dstoff or 0
   if n == 0 then return 0 end
   local pos = self:_pos()
   local nread = 0
   if p.raw then
      nread = self:_takeinto(ffi.cast('char*', dst + dstoff), n)
      if not self._binary then self:_eatnl() end
   elseif self._binary then
      local es = p.size
      if p.long and self._longsize == 4 then es = 4 end
      if not self._swap and es == p.size and n * es > PIECE then
         nread = math.floor(self:_takeinto(ffi.cast('char*', dst + dstoff), n * es) / es)
      else
         local s = self:_take(n * es)
         nread = math.floor(#s / es)
         if self._swap and es > 1 then
            local parts = {}
            for i = 0, nread - 1 do parts[#parts + 1] = s:sub(i * es + 1, i * es + es):reverse() end
            s = table.concat(parts)
         end
         if p.long and es == 4 then
            local tmp = ffi.cast('const int32_t*', s)
            for i = 0, nread - 1 do dst[dstoff + i] = tmp[i] end
         else
            ffi.copy(dst + dstoff, s, nread * es)
         end
      end
   else
      local isint = p.int
      local half = p.half
      local start = 0
      if n >= 256 and self._autospacing then
         start = self:_bulk_ascii(p, n, dst, dstoff)
         nread = start
      end
      for i = start, n - 1 do
         local v = self:_scan(isint)
         if v == nil then break end
         if half then v = float_to_half(v) end
         dst[dstoff + i] = v
         nread = nread + 1
      end
      self:_eatnl()
   end
   if nread ~= n then
      self:_ioerror(string.format('read error: read %d blocks instead of %d', nread, n), pos)
   end
   return nread
end

-- long ascii runs (storages) are parsed by numpy: the n numbers of one write call sit on one line
-- the rest of the current line, consumed with its '\n' (not returned): line, found (whether a '\n'
-- ended it), pieces (how many buffer pieces it took; 0 at the end of the file). limit: give up
-- once more than that many bytes were read without a '\n', reading ahead in growing pieces
function File:_read_line(limit)
   local parts, total = {}, 0
   while true do
      local avail = self:_fill(1)
      if avail == 0 then break end
      local nl = self._rb:find('\n', self._ri, true)
      if nl then
         parts[#parts + 1] = self._rb:sub(self._ri, nl - 1)
         self._ri = nl + 1
         return table.concat(parts), true, #parts
      end
      parts[#parts + 1] = self._rb:sub(self._ri)
      if limit then total = total + #self._rb - self._ri + 1 end
      self._rb, self._ri = '', 1
      if limit then
         if total > limit then break end
         self:_fill(math.min(math.max(CHUNK, total), 64 * 1048576))
      end
   end
   return table.concat(parts), false, #parts
end

local T7PY
function File:_bulk_ascii(p, n, dst, dstoff)
   if not self:_skipws() then return 0 end
   -- the line, read in growing pieces
   local line, found = self:_read_line(64 * n + 4096)
   T7PY = T7PY or torch._bridge.pyimport('luann.t7')
   local arr, addr, got = T7PY.parse_ascii_run(line, n, p.half and 'float16' or p.ty.dt)
   if arr ~= nil and got == n then
      ffi.copy(dst + dstoff, ffi.cast('const char*', addr), n * p.size)
      return n
   end
   -- not one line of n numbers: put the text back and scan it number by number
   self._rb = line .. (found and '\n' or '') .. self._rb:sub(self._ri)
   self._ri = 1
   return 0
end

-- write n elements from ptr
function File:_writen(p, n, src, srcoff, fromstorage)
   srcoff = srcoff or 0
   if n == 0 then return 0 end
   self:_unbuffer()
   if p.raw then
      if self._binary or not self._autospacing then
         self:_rawwrite(ffi.string(src + srcoff, n))
      else
         self:_rawwrite(ffi.string(src + srcoff, n) .. '\n')
      end
      return n
   end
   if self._binary then
      local es = p.size
      if p.long and self._longsize == 4 then
         local tmp = ffi.new('int32_t[?]', n)
         for i = 0, n - 1 do tmp[i] = src[srcoff + i] end
         src, srcoff, es = tmp, 0, 4
      end
      local nbytes = n * es
      local base = ffi.cast('const char*', src) + srcoff * es
      if self._swap and es > 1 then
         local s = ffi.string(base, nbytes)
         local parts = {}
         for i = 0, n - 1 do parts[#parts + 1] = s:sub(i * es + 1, i * es + es):reverse() end
         self:_rawwrite(table.concat(parts))
      elseif nbytes <= 16 * 1048576 then
         self:_rawwrite(ffi.string(base, nbytes))
      else
         local step = 16 * 1048576
         for o = 0, nbytes - 1, step do
            self:_rawwrite(ffi.string(base + o, math.min(step, nbytes - o)))
         end
      end
      return n
   end
   -- ascii
   local parts = {}
   local fmt = p.fmt
   local sep = self._autospacing and ' ' or ''
   local flush_at = 4096
   local function flush(last)
      local s = table.concat(parts, sep)
      if last then
         if self._autospacing then s = s .. '\n' end
      else
         s = s .. sep
      end
      self:_rawwrite(s)
      parts = {}
   end
   if p.half then
      for i = 0, n - 1 do
         parts[#parts + 1] = string.format(fmt, half_to_float(src[srcoff + i]))
         if #parts >= flush_at and i < n - 1 then flush(false) end
      end
   elseif p.long then
      for i = 0, n - 1 do
         local v = src[srcoff + i]
         if type(v) == 'number' then parts[#parts + 1] = string.format('%d', v)
         else parts[#parts + 1] = tostring(v):gsub('LL$', '') end
         if #parts >= flush_at and i < n - 1 then flush(false) end
      end
   elseif p.int then
      for i = 0, n - 1 do
         parts[#parts + 1] = string.format('%d', src[srcoff + i])
         if #parts >= flush_at and i < n - 1 then flush(false) end
      end
   else
      for i = 0, n - 1 do
         parts[#parts + 1] = string.format(fmt, src[srcoff + i])
         if #parts >= flush_at and i < n - 1 then flush(false) end
      end
   end
   flush(true)
   return n
end

-- scalar conversions as the C function argument would do them
local function to_c(p, v)
   if p.long then
      if v ~= v then return 0 end
      return v >= 0 and math.floor(v) or math.ceil(v)
   end
   return v
end

-- the public typed methods: readX() / readX(n) / readX(storage), writeX(number) / writeX(storage)
for name, p in pairs(PRIM) do
   local sty = p.ty
   local sname = sty.sname
   local one = ffi.new((p.ct or (p.raw and (name == 'Byte' and 'uint8_t' or 'int8_t')) or 'uint16_t') .. '[1]')
   File['read' .. name] = function(self, a)
      check_read(self)
      if a == nil then
         local k = self:_readn(p, 1, one, 0)
         if k < 1 then return 0 end
         if p.half then return half_to_float(one[0]) end
         return tonumber(one[0])
      elseif type(a) == 'number' then
         if a < 0 or a ~= math.floor(a) then error('bad argument #1 to read' .. name .. ' (non-negative integer expected)', 2) end
         -- never allocate more than the file can hold
         local cap = a
         local rem = self:_remaining()
         if rem then
            local es = (self._binary and not p.raw) and ((p.long and self._longsize == 4) and 4 or p.size) or 1
            cap = math.min(a, math.floor(rem / es))
         end
         local s = sty.new_storage(cap)
         local pos = self:_pos()
         local k = self:_readn(p, cap, s._p, 0)
         if cap < a and k == cap then
            self:_ioerror(string.format('read error: read %d blocks instead of %d', k, a), pos)
         end
         if k < cap then C.resize_storage(s, k) end
         return s
      elseif C.storagety(a) == sty then
         return self:_readn(p, a._n, a._p, 0)
      end
      error('bad argument #1 to read' .. name .. ' (number or ' .. sname .. ' expected)', 2)
   end
   File['write' .. name] = function(self, a)
      check_write(self)
      if type(a) == 'number' then
         if p.half then one[0] = float_to_half(a)
         elseif p.long then one[0] = to_c(p, a)
         else one[0] = a end
         return self:_writen(p, 1, one, 0)
      elseif C.storagety(a) == sty then
         return self:_writen(p, a._n, a._p, 0)
      end
      error('bad argument #1 to write' .. name .. ' (number or ' .. sname .. ' expected)', 2)
   end
end

function File:writeBool(v) return self:writeInt(v and 1 or 0) end
function File:readBool() return self:readInt() == 1 end

function File:readString(fmt)
   check_read(self)
   if type(fmt) ~= 'string' or not (fmt:sub(1, 2) == '*a' or fmt:sub(1, 2) == '*l') then
      error("bad argument #1 to readString (format must be '*a' or '*l')", 2)
   end
   local pos = self:_pos()
   if fmt:sub(2, 2) == 'a' then
      local parts = {}
      while true do
         local s = self:_take(CHUNK)
         if #s == 0 then break end
         parts[#parts + 1] = s
      end
      local r = table.concat(parts)
      if #r == 0 then self:_ioerror('read error: read 0 blocks instead of 1', pos); return '' end
      return r
   end
   local line, found, pieces = self:_read_line()
   if not found and pieces == 0 then self:_ioerror('read error: read 0 blocks instead of 1', pos); return '' end
   return line
end

function File:writeString(s)
   check_write(self)
   if type(s) ~= 'string' then error('bad argument #1 to writeString (string expected)', 2) end
   self:_unbuffer()
   return self:_rawwrite(s)
end

-- objects ------------------------------------------------------------------------------------
local function env_of(self)
   local env = rawget(self, '_env')
   if not env then
      env = {writeObjects = {}, writeObjectsRef = {}, readObjects = {}, nWrite = 0, force = false,
             names = {}}
      self._env = env
   end
   return env
end

function File:referenced(ref)
   env_of(self).force = not ref
   return self
end
function File:isReferenced()
   return not env_of(self).force
end

-- what the file may do while reading objects: allowFunctions
function File:_setLoadOptions(opts)
   self._allowFunctions = opts and opts.allowFunctions and true or false
end

local function functions_allowed(self)
   if rawget(self, '_allowFunctions') ~= nil then
      return self._allowFunctions or os.getenv('LUANN_T7_ALLOW_FUNCTIONS') == '1'
   end
   return os.getenv('LUANN_T7_ALLOW_FUNCTIONS') == '1'
end

-- is a class usable by torch.load (has a factory and is not a File)?
local function class_mt(name)
   return torch._metatables[name]
end

-- unknown classes: plain tables that keep their class name
local placeholders = {}
local module_methods = {}
for _, k in ipairs{'forward', 'backward', 'updateOutput', 'updateGradInput', 'accGradParameters',
   'accUpdateGradParameters', 'parameters', 'getParameters', 'training', 'evaluate', 'zeroGradParameters',
   'updateParameters', 'type', 'float', 'double', 'cuda', 'clone', 'reset', 'share', 'apply',
   'listModules', 'findModules', 'clearState', 'replace', 'add', 'get', 'size', '__call__'} do
   module_methods[k] = true
end
local function placeholder_mt(name, source)
   local mt = placeholders[name]
   if mt then return mt end
   mt = {__typename = name, __luann_unknown = true}
   mt.__index = function(obj, k)
      if k == '__typename' then return name end
      if module_methods[k] then
         return function()
            error(string.format('<%s> was loaded from %s as a plain table because luann has no class of that name; ' ..
               'it cannot be used as a module (calling %s)', name, source or 'a .t7 file', k), 2)
         end
      end
      return nil
   end
   mt.__tostring = function() return name .. ' (unknown class, loaded as a plain table)' end
   placeholders[name] = mt
   return mt
end
torch._t7_placeholders = placeholders

-- class names from GPU files and cudnn
local notified = {}
local autoload_ok = {nn = true, nngraph = true, graph = true, optim = true, torch = true, luann = true}
local function resolve_class(self, name, pos)
   if #name > 256 or not name:match('^[%a_][%w_%.]*$') then
      self:_corrupt(string.format('bad class name "%s"', name:sub(1, 64):gsub('[^%w%p ]', '?')), pos)
   end
   local cuda = name:match('^torch%.Cuda(%a*)Tensor$')
   if cuda then name = 'torch.' .. (cuda == '' and 'Float' or cuda) .. 'Tensor' end
   cuda = name:match('^torch%.Cuda(%a*)Storage$')
   if cuda then name = 'torch.' .. (cuda == '' and 'Float' or cuda) .. 'Storage' end
   local short = name:match('^cudnn%.([%w_]+)$')
   if short then
      local nname = 'nn.' .. short
      if torch._autoload('nn.' .. short) then
         if not notified[name] then
            notified[name] = true
            io.stderr:write(string.format('luann: %s loaded as %s\n', name, nname))
         end
         return nname, class_mt(nname)
      end
   end
   local mt = class_mt(name)
   if not mt then
      local pkg = name:match('^([%w_]+)%.')
      if pkg and autoload_ok[pkg] then mt = torch._autoload(name) end
      if pkg == 'tds' and (name == 'tds.Hash' or name == 'tds.Vec') then require 'tds'; mt = class_mt(name) end
   end
   return name, mt
end

local cuda_type_names = {}
for _, ty in ipairs(T.list) do
   local n = ty.name == 'Float' and '' or ty.name
   cuda_type_names['torch.Cuda' .. n .. 'Tensor'] = ty.tname
end

local function getmetamethod(obj, name)
   local tn = torch.typename(obj)
   local mt = tn and torch._metatables[tn]
   if mt then
      local f = mt['__' .. name] or mt[name]
      if type(f) == 'function' then return f end
   end
end

-- read helpers inside readObject: errors become "corrupt at byte N"
local function rint(self)
   local pos = self:_pos()
   local v = self:readInt()
   return v, pos
end

local function read_storage(self, ty, pos)
   local p = PRIM[ty.name]
   local npos = self:_pos()
   local n = self:readLong()
   if n < 0 or n ~= math.floor(n) then self:_corrupt(string.format('bad storage size %s', tostring(n)), pos) end
   local rem = self:_remaining()
   if rem then
      local need
      if self._binary then need = n * ((p.long and self._longsize == 4) and 4 or p.size)
      elseif p.raw then need = n
      else need = 2 * n - 1 end
      if need > rem then
         self:_corrupt(string.format('%s of %.0f elements needs %.0f bytes but only %d remain', ty.sname, n, need, rem), npos)
      end
   end
   local s = C.new_storage(ty, n)
   if n > 0 then self:_readn(p, n, s._p, 0) end
   return s
end

local function read_tensor(self, ty, pos)
   local nd = self:readInt()
   if nd < 0 or nd > torch._MAXDIM then
      self:_corrupt(string.format('tensor with %d dimensions (luann handles 0 to %d)', nd, torch._MAXDIM), pos)
   end
   local sz, sr = {}, {}
   local gpos = self:_pos()
   local lp = PRIM.Long
   if nd > 0 then
      local tmp = ffi.new('int64_t[?]', nd)
      self:_readn(lp, nd, tmp, 0)
      for i = 1, nd do sz[i] = tonumber(tmp[i - 1]) end
      self:_readn(lp, nd, tmp, 0)
      for i = 1, nd do sr[i] = tonumber(tmp[i - 1]) end
   end
   local off = self:readLong()
   local spos = self:_pos()
   local st = self:readObject()
   if st ~= nil and C.storagety(st) ~= ty then
      self:_corrupt(string.format('%s with a storage of type %s', ty.tname, torch.type(st)), spos)
   end
   local n = nd > 0 and 1 or 0
   for i = 1, nd do
      if sz[i] < 0 then self:_corrupt(string.format('negative size %d in dimension %d', sz[i], i), gpos) end
      if sr[i] < 0 then self:_corrupt(string.format('negative stride %d in dimension %d', sr[i], i), gpos) end
      n = n * sz[i]
   end
   if n > 2 ^ 48 then self:_corrupt(string.format('%s of %.0f elements', ty.tname, n), gpos) end
   if n > 0 then
      if st == nil then self:_corrupt(string.format('%s of %d elements without a storage', ty.tname, n), spos) end
      local last = off - 1
      for i = 1, nd do last = last + (sz[i] - 1) * sr[i] end
      if off < 1 or last >= st._n then
         self:_corrupt(string.format('%s view (offset %d, sizes %s) outside its storage of %d elements',
            ty.tname, off, table.concat(sz, 'x'), st._n), gpos)
      end
   elseif nd > 0 then
      nd = 0   -- an empty view
   end
   local t = C.make(ty, st, math.max(off - 1, 0), nd, sz, sr)
   return t
end

function File:readObject()
   check_read(self)
   local env = env_of(self)
   local force = env.force
   local depth = self._rdepth
   if depth >= MAX_DEPTH then
      self:_corrupt(string.format('objects nested deeper than %d levels', MAX_DEPTH))
   end
   self._rdepth = depth + 1
   if depth > 0 then
      local res = self:_readObject(env, force, depth)
      self._rdepth = depth
      return res
   end
   local ok, res = pcall(self._readObject, self, env, force, depth)
   self._rdepth = 0
   env.capture = nil
   if not ok then error(res, 0) end
   return res
end

local captures = setmetatable({}, {__mode = 'k'})

function File:_readObject(env, force, depth)
   local tpos = self:_pos()
   local typeidx = self:readInt()
   if typeidx == TYPE_NIL then return nil end
   if typeidx == TYPE_NUMBER then return self:readDouble() end
   if typeidx == TYPE_BOOLEAN then return self:readInt() == 1 end
   if typeidx == TYPE_STRING then
      local lpos = self:_pos()
      local n = self:readInt()
      local rem = self:_remaining()
      if n < 0 or (rem and n > rem) then
         self:_corrupt(string.format('string of %d bytes but %d remain', n, rem or -1), lpos)
      end
      local spos = self:_pos()
      local s = self:_take(n)
      if #s < n then self:_corrupt(string.format('string of %d bytes cut short', n), spos) end
      if not self._binary then self:_eatnl() end
      return s
   end
   if typeidx == TYPE_FUNCTION or typeidx == TYPE_RECUR_FUNCTION or typeidx == LEGACY_TYPE_RECUR_FUNCTION then
      if not functions_allowed(self) then
         self:_corrupt('the file holds a Lua function; loading one runs code from the file, so it is refused ' ..
            'unless allowed: torch.load(path, mode, {allowFunctions=true}) or LUANN_T7_ALLOW_FUNCTIONS=1', tpos)
      end
      local index
      if typeidx ~= TYPE_FUNCTION then
         index = self:readInt()
         if env.readObjects[index] ~= nil and not force then return env.readObjects[index] end
      end
      local lpos = self:_pos()
      local n = self:readInt()
      local rem = self:_remaining()
      if n < 0 or (rem and n > rem) then self:_corrupt(string.format('function of %d bytes', n), lpos) end
      local dumped = self:_take(n)
      if not self._binary then self:_eatnl() end
      local func, err = loadstring(dumped)
      if not func then self:_corrupt('Failed to load function from bytecode: ' .. tostring(err), lpos) end
      if index and not force then env.readObjects[index] = func end
      local upvalues = self:readObject()
      if type(upvalues) == 'table' then
         for i, up in ipairs(upvalues) do
            if typeidx == TYPE_RECUR_FUNCTION then
               if type(up) == 'table' then
                  if up.name == '_ENV' then debug.setupvalue(func, i, _G) else debug.setupvalue(func, i, up.value) end
               end
            else
               debug.setupvalue(func, i, up)
            end
         end
      end
      return func
   end
   if typeidx ~= TYPE_TABLE and typeidx ~= TYPE_TORCH then
      self:_corrupt(string.format('unknown object type %d', typeidx), tpos)
   end
   local index = self:readInt()
   local objects = env.readObjects
   if objects[index] ~= nil and not force then return objects[index] end
   if typeidx == TYPE_TABLE then
      local npos = self:_pos()
      local size = self:readInt()
      local rem = self:_remaining()
      if size < 0 or (rem and size * (self._binary and 8 or 4) > rem) then
         self:_corrupt(string.format('table of %d entries in %d bytes', size, rem or -1), npos)
      end
      local object = {}
      if not force then objects[index] = object end
      local keys
      local seq = true
      for i = 1, size do
         local kpos = self:_pos()
         local k = self:readObject()
         if k == nil or k ~= k then self:_corrupt('table key is nil or NaN', kpos) end
         local v = self:readObject()
         object[k] = v
         if seq and k ~= i then
            seq = false
            keys = {}
            for j = 1, i - 1 do keys[j] = j end
         end
         if not seq then keys[#keys + 1] = k end
      end
      if keys then ORDER[object] = keys end
      -- a torch object being read by its own read method: its first table is its fields
      local parent = env.capture
      if parent and parent.depth == depth - 1 and parent.tbl == nil then parent.tbl = object end
      return object
   end
   -- torch object
   local vpos = self:_pos()
   local version = self:readChar(self:_checklen(vpos)):string()
   local versionNumber = tonumber(version:match('^V (.*)$'))
   local className
   local cpos = vpos
   if not versionNumber then
      className = version
      versionNumber = 0
   else
      cpos = self:_pos()
      className = self:readChar(self:_checklen(cpos)):string()
   end
   local origName = className
   local name, mt = resolve_class(self, className, cpos)
   if mt and file_classes[mt] then
      self:_corrupt(string.format('Cannot load object class <%s>', name), cpos)
   end
   local ty = T.byname[name]
   local shared = rawget(self, '_sharedRefs')
   if shared and ty and (ty.tname == name or ty.sname == name) then
      local obj = shared.get(self:readLong())
      if not force then objects[index] = obj end
      return obj
   elseif ty and ty.tname == name then
      -- a tensor's payload cannot refer back to the tensor: register it once read
      local t = read_tensor(self, ty, cpos)
      if not force then objects[index] = t end
      return t
   elseif ty and ty.sname == name then
      local s = read_storage(self, ty, cpos)
      if not force then objects[index] = s end
      return s
   end
   local object
   if mt and mt.__factory then
      object = mt.__factory()
   else
      object = setmetatable({}, placeholder_mt(name, fname_of(self)))
   end
   if not force then objects[index] = object end
   local read = mt and getmetamethod(object, 'read')
   if read then
      local saved = env.capture
      local cap = {depth = depth, tbl = nil}
      env.capture = cap
      local ok, err = pcall(read, object, self, versionNumber)
      env.capture = saved
      if not ok then
         err = tostring(err)
         if err:find(': corrupt at byte %d+: ') then error(err, 0) end
         self:_corrupt(string.format('<%s>:read failed: %s', name, err), tpos)
      end
      if cap.tbl and ORDER[cap.tbl] then ORDER[object] = ORDER[cap.tbl] end
   else
      local fpos = self:_pos()
      local var = self:readObject()
      if type(var) ~= 'table' or torch.typename(var) then
         self:_corrupt(string.format('fields of <%s> are a %s, not a table', name, torch.type(var)), fpos)
      end
      for k, v in pairs(var) do object[k] = v end
      if ORDER[var] then ORDER[object] = ORDER[var] end
   end
   if type(object) == 'table' then
      local tt = rawget(object, '_type')
      if type(tt) == 'string' and cuda_type_names[tt] then rawset(object, '_type', cuda_type_names[tt]) end
   end
   return object
end

-- length of a string about to be read by readChar; checked against the file
function File:_checklen(pos)
   local n = self:readInt()
   local rem = self:_remaining()
   if n < 0 or n > 1024 or (rem and n > rem) then self:_corrupt(string.format('bad string length %d', n), pos) end
   return n
end

-- writing ---------------------------------------------------------------------------------------
local UPVALUES_TOKEN = {}

local type_rank = {number = 1, string = 2, boolean = 3}
local function key_less(a, b)
   local ta, tb = type(a), type(b)
   if ta ~= tb then return (type_rank[ta] or 9) < (type_rank[tb] or 9) end
   if ta == 'number' or ta == 'string' then return a < b end
   if ta == 'boolean' then return (not a) and b end
   return false
end

-- keys of tbl in the order to write them: remembered order first, then 1..n, then sorted
local function ordered_keys(tbl, remembered)
   local keys, seen = {}, {}
   if remembered then
      for _, k in ipairs(remembered) do
         if rawget(tbl, k) ~= nil and not seen[k] then keys[#keys + 1] = k; seen[k] = true end
      end
   end
   local i = 1
   while rawget(tbl, i) ~= nil do
      if not seen[i] then keys[#keys + 1] = i; seen[i] = true end
      i = i + 1
   end
   local rest = {}
   for k in next, tbl do
      if not seen[k] then rest[#rest + 1] = k end
   end
   if #rest > 0 then
      local sortable, other = {}, {}
      for _, k in ipairs(rest) do
         if type_rank[type(k)] then sortable[#sortable + 1] = k else other[#other + 1] = k end
      end
      table.sort(sortable, key_less)
      for _, k in ipairs(sortable) do keys[#keys + 1] = k end
      for _, k in ipairs(other) do keys[#keys + 1] = k end
   end
   return keys
end

local function is_torch_object(obj)
   local tn = torch.typename(obj)
   if not tn then return false end
   local mt = torch._metatables[tn]
   if mt then
      if file_classes[mt] then return false end
      return true
   end
   return getmetatable(obj) == placeholders[tn]
end

local function writable_type(obj)
   local t = type(obj)
   if t ~= 'boolean' and not obj then return TYPE_NIL end
   if t == 'cdata' then
      if C.tensorty(obj) or C.storagety(obj) then return TYPE_TORCH end
      return nil
   end
   if t == 'table' then
      if is_torch_object(obj) then return TYPE_TORCH end
      return TYPE_TABLE
   end
   if t == 'userdata' and is_torch_object(obj) then return TYPE_TORCH end   -- tds.Hash/Vec
   if t == 'number' then return TYPE_NUMBER end
   if t == 'string' then return TYPE_STRING end
   if t == 'boolean' then return TYPE_BOOLEAN end
   if t == 'function' and pcall(string.dump, obj) then return TYPE_RECUR_FUNCTION end
   return nil
end
File.isWritableObject = function(self, obj) return writable_type(obj) end

local function stack_str(names)
   local parts = {}
   for i, v in ipairs(names) do
      if v ~= UPVALUES_TOKEN and names[i - 1] ~= UPVALUES_TOKEN then parts[#parts + 1] = tostring(v) end
   end
   return table.concat(parts, '.')
end

local function write_string_payload(self, s)
   self:writeInt(#s)
   if #s > 0 then
      self:_unbuffer()
      if self._binary or not self._autospacing then self:_rawwrite(s) else self:_rawwrite(s .. '\n') end
   end
end

local function write_tensor(self, t)
   local nd = t._nd
   self:writeInt(nd)
   if nd > 0 then
      local tmp = ffi.new('int64_t[?]', nd)
      for i = 0, nd - 1 do tmp[i] = t._sz[i] end
      self:_writen(PRIM.Long, nd, tmp, 0)
      for i = 0, nd - 1 do tmp[i] = t._sr[i] end
      self:_writen(PRIM.Long, nd, tmp, 0)
   end
   self:writeLong(t._off + 1)
   self:writeObject(C.storage_of(t))
end

local function write_storage(self, s)
   local ty = C.storagety(s)
   local p = PRIM[ty.name]
   self:writeLong(s._n)
   if s._n > 0 then self:_writen(p, s._n, s._p, 0) end
end

function File:writeObject(object, debugname)
   check_write(self)
   local env = env_of(self)
   local force = env.force
   if type(object) ~= 'boolean' and not object then
      self:writeInt(TYPE_NIL)
      return
   end
   local names = env.names
   names[#names + 1] = debugname or '<?>'
   local typeidx = writable_type(object)
   if not typeidx then
      local msg = string.format('Unwritable object <%s> at %s', type(object), stack_str(names))
      env.names = {}
      error(msg, 2)
   end
   self:writeInt(typeidx)
   if typeidx == TYPE_NUMBER then
      self:writeDouble(object)
   elseif typeidx == TYPE_BOOLEAN then
      self:writeInt(object and 1 or 0)
   elseif typeidx == TYPE_STRING then
      write_string_payload(self, object)
   else
      local key = type(object) == 'cdata' and torch.pointer(object) or object
      local objects = env.writeObjects
      local index = objects[key]
      if index and not force then
         self:writeInt(index)
      else
         index = env.nWrite + 1
         env.nWrite = index
         if not force then
            objects[key] = index
            env.writeObjectsRef[object] = index
         end
         self:writeInt(index)
         if typeidx == TYPE_RECUR_FUNCTION then
            local upvalues = {}
            local i = 0
            while true do
               i = i + 1
               local name, value = debug.getupvalue(object, i)
               if not name then break end
               if name == '_ENV' then value = nil end
               upvalues[#upvalues + 1] = {name = name, value = value}
            end
            write_string_payload(self, string.dump(object))
            self:writeObject(upvalues, UPVALUES_TOKEN)
         elseif typeidx == TYPE_TORCH then
            local tn = torch.typename(object)
            write_string_payload(self, 'V ' .. tostring(type(object) == 'cdata' and 1 or torch.version(object)))
            write_string_payload(self, tn)
            local shared = rawget(self, '_sharedRefs')   -- threads.sharedserialize: by reference
            if shared and (C.tensorty(object) or C.storagety(object)) then
               self:writeLong(shared.put(object))
            elseif C.tensorty(object) then
               write_tensor(self, object)
            elseif C.storagety(object) then
               write_storage(self, object)
            else
               local write = getmetamethod(object, 'write')
               if write then
                  local saved = env.pending
                  env.pending = {depth = #names, order = ORDER[object]}
                  write(object, self)
                  env.pending = saved
               else
                  local var = {}
                  local order = ORDER[object]
                  for k, v in next, object do
                     if writable_type(v) then
                        var[k] = v
                     else
                        print(string.format('$ Warning: cannot write object field <%s> of <%s> %s', tostring(k), tn, stack_str(names)))
                     end
                  end
                  if order then ORDER[var] = order end
                  self:writeObject(var, tn)
                  ORDER[var] = nil
               end
            end
         else
            local order = ORDER[object]
            local pend = env.pending
            if not order and pend and pend.order and pend.depth == #names - 1 then
               order = pend.order
               pend.order = nil
            end
            local keys = ordered_keys(object, order)
            self:writeInt(#keys)
            local upv = names[#names - 1] == UPVALUES_TOKEN
            for _, k in ipairs(keys) do
               local v = rawget(object, k)
               self:writeObject(k)
               local name = (type(k) == 'string' or type(k) == 'number') and tostring(k) or nil
               if upv and name == 'value' and type(rawget(object, 'name')) == 'string' then name = object.name end
               self:writeObject(v, name)
            end
         end
      end
   end
   names[#names] = nil
end

-- tensor and storage methods, as torch7 has them
local function tensor_write(t, file) write_tensor(file, t) end
local function tensor_read(t, file)
   local ty = C.tyof(t)
   local r = read_tensor(file, ty, file:_pos())
   ffi.copy(t, r, ffi.sizeof(ty.tct))
   if C.storage_of(r) then C.TS[t] = C.storage_of(r) end
   C.invalidate(t)
   return t
end
torch._M.write = tensor_write
torch._M.read = tensor_read
for _, ty in ipairs(T.list) do
   ty.storage_methods.write = function(s, file) write_storage(file, s) end
   ty.storage_methods.read = function(s, file)
      local r = read_storage(file, ty, file:_pos())
      C.resize_storage(s, r._n)
      if r._n > 0 then ffi.copy(s._p, r._p, r._n * ty.size) end
      return s
   end
end

-- torch.DiskFile(name, mode, true) / torch.PipeFile(...) give nil when the file cannot be opened
for _, cname in ipairs{'DiskFile', 'PipeFile'} do
   local ctor = rawget(torch, cname)
   local mt = torch.getmetatable('torch.' .. cname)
   rawset(torch, cname, setmetatable({}, {
      __index = mt, __newindex = mt,
      __call = function(_, ...)
         local f = ctor(...)
         if rawget(f, '_openfailed') then return nil end
         return f
      end,
      __tostring = function() return 'torch.class(torch.' .. cname .. ')' end,
      __metatable = mt,
   }))
end

-- torch.save / torch.load --------------------------------------------------------------------
local function parse_mode(fname, mode)
   if mode == nil or mode == 'binary' then return 'binary', 0 end
   if mode == 'ascii' then return 'ascii', 0 end
   if mode == 'b32' then return 'binary', 4 end
   if mode == 'b64' then return 'binary', 8 end
   error(string.format('bad argument #2 to %s ("binary", "ascii", "b32" or "b64" expected, got %s)', fname, tostring(mode)), 3)
end

local function parse_opts(fname, opt)
   local referenced, opts = true, {}
   if type(opt) == 'boolean' then referenced = opt
   elseif type(opt) == 'table' then
      opts = opt
      if opt.referenced ~= nil then referenced = opt.referenced and true or false end
   elseif opt ~= nil then
      error(string.format('bad argument #3 to %s (true, false or an options table expected)', fname), 3)
   end
   return referenced, opts
end

local save_counter = 0
function torch.save(filename, object, mode, referenced)
   if type(filename) ~= 'string' then error('bad argument #1 to torch.save (file name expected)', 2) end
   local m, ls = parse_mode('torch.save', mode)
   local ref = parse_opts('torch.save', referenced)
   local dir = filename:match('^(.*)/[^/]*$')
   -- (no math.random here: saving must not move the user's random sequence)
   save_counter = save_counter + 1
   local tmp = string.format('%s%s.luann-tmp-%s-%d', dir and (dir .. '/') or '', '.' .. (filename:match('([^/]*)$') or 't7'),
      tostring({}):match('0x(%x+)') or '0', save_counter)
   local fok, file = pcall(torch.DiskFile, tmp, 'w')
   -- (the message names the user's file, not the temporary one)
   if not fok then torch._error(string.format('cannot open <%s> in mode  w', filename)) end
   file[m](file)
   if ls ~= 0 then file:longSize(ls) end
   file:referenced(ref)
   local ok, err = pcall(file.writeObject, file, object)
   file:close()
   if not ok then
      os.remove(tmp)
      error(err, 2)
   end
   local rok, rerr = os.rename(tmp, filename)
   if not rok then
      os.remove(tmp)
      error(string.format('torch.save: cannot write <%s>: %s', filename, tostring(rerr)), 2)
   end
end

function torch.load(filename, mode, referenced)
   if type(filename) ~= 'string' then error('bad argument #1 to torch.load (file name expected)', 2) end
   local m, ls = parse_mode('torch.load', mode)
   local ref, opts = parse_opts('torch.load', referenced)
   local file = torch.DiskFile(filename, 'r')
   file[m](file)
   if ls ~= 0 then file:longSize(ls) end
   file:referenced(ref)
   file:_setLoadOptions(opts)
   local ok, obj = pcall(file.readObject, file)
   file:close()
   if not ok then error(obj, 0) end
   return obj
end

function torch.serializeToStorage(object, mode)
   local m = parse_mode('torch.serializeToStorage', mode)
   local f = torch.MemoryFile()
   f[m](f)
   f:writeObject(object)
   local storage = f:storage()
   f:close()
   return storage
end

function torch.serialize(object, mode)
   return torch.serializeToStorage(object, mode):string()
end

function torch.deserializeFromStorage(storage, mode, opts)
   local m = parse_mode('torch.deserializeFromStorage', mode)
   if not C.storagety(storage) or C.storagety(storage).name ~= 'Char' then
      error('bad argument #1 to torch.deserializeFromStorage (torch.CharStorage expected)', 2)
   end
   local n = storage._n
   local xp = torch.CharStorage(n + 1)
   if n > 0 then ffi.copy(xp._p, storage._p, n) end
   xp._p[n] = 0
   local f = torch.MemoryFile(xp, 'r')
   f._name = '<serialized>'
   f[m](f)
   f:_setLoadOptions(opts)
   local ok, obj = pcall(f.readObject, f)
   f:close()
   if not ok then error(obj, 0) end
   return obj
end

function torch.deserialize(str, mode, opts)
   if type(str) ~= 'string' then error('bad argument #1 to torch.deserialize (string expected)', 2) end
   local storage = torch.CharStorage():string(str)
   return torch.deserializeFromStorage(storage, mode, opts)
end

torch.saveobj = torch.save
torch.loadobj = torch.load

return torch.File
