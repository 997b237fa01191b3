-- nn.tables: connection tables for SpatialConvolutionMap (rows {input plane, output plane}).
local tables = rawget(nn, "tables") or {}
nn.tables = tables

-- every input plane to every output plane
function tables.full(nin, nout)
   local ft = torch.Tensor(nin * nout, 2)
   local p = 1
   for j = 1, nout do
      for i = 1, nin do
         ft[p][1] = i
         ft[p][2] = j
         p = p + 1
      end
   end
   return ft
end

-- plane i to plane i
function tables.oneToOne(nfeat)
   local ft = torch.Tensor(nfeat, 2)
   for i = 1, nfeat do
      ft[i][1] = i
      ft[i][2] = i
   end
   return ft
end

-- each output plane reads nto distinct input planes, drawn by random permutations
function tables.random(nin, nout, nto)
   local nker = nto * nout
   local tbl = torch.Tensor(nker, 2)
   local fi = torch.randperm(nin)
   local frcntr = 1
   local nfi = math.floor(nin / nto)             -- number of distinct nto chunks
   local totbl = tbl:select(2, 2)
   local frtbl = tbl:select(2, 1)
   local fitbl = fi:narrow(1, 1, nfi * nto)     -- the part of fi made of whole chunks
   local ufrtbl = frtbl:unfold(1, nto, nto)
   local utotbl = totbl:unfold(1, nto, nto)
   local ufitbl = fitbl:unfold(1, nto, nto)
   for i = 1, nout do
      ufrtbl:select(1, i):copy(ufitbl:select(1, frcntr))
      frcntr = frcntr + 1
      if frcntr - 1 == nfi then                 -- chunks used up: a new permutation
         fi:copy(torch.randperm(nin))
         frcntr = 1
      end
   end
   for tocntr = 1, utotbl:size(1) do
      utotbl:select(1, tocntr):fill(tocntr)
   end
   return tbl
end

return tables
