-- optim.ConfusionMatrix(nclasses | classes[, classes]): counts mat[target][prediction]
-- (LongTensor n x n), per-class accuracies (valids), intersection-over-union
-- (unionvalids), their averages and the global accuracy; print() shows torch7's layout.
local ConfusionMatrix = torch.class('optim.ConfusionMatrix')

function ConfusionMatrix:__init(nclasses, classes)
   if type(nclasses) == 'table' then
      classes = nclasses
      nclasses = #classes
   end
   self.mat = torch.LongTensor(nclasses, nclasses):zero()
   self.valids = torch.FloatTensor(nclasses):zero()
   self.unionvalids = torch.FloatTensor(nclasses):zero()
   self.nclasses = nclasses
   self.totalValid = 0
   self.averageValid = 0
   self.classes = classes or {}
   -- buffers
   self._mat_flat = self.mat:view(-1)
   self._target = torch.FloatTensor()
   self._prediction = torch.FloatTensor()
   self._max = torch.FloatTensor()
   self._pred_idx = torch.LongTensor()
   self._targ_idx = torch.LongTensor()
end

-- scalar prediction and target; non-positive targets are missing labels
function ConfusionMatrix:_add(p, t)
   assert(p and type(p) == 'number')
   assert(t and type(t) == 'number')
   if t > 0 then
      self.mat[t][p] = self.mat[t][p] + 1
   end
end

function ConfusionMatrix:add(prediction, target)
   if type(prediction) == 'number' then
      self:_add(prediction, target)
   else
      self._prediction:resize(prediction:size()):copy(prediction)
      assert(prediction:dim() == 1)
      if type(target) == 'number' then
         -- a score vector against a class index
         self._max:max(self._pred_idx, self._prediction, 1)
         self:_add(self._pred_idx[1], target)
      else
         -- two score vectors
         assert(target:dim() == 1)
         self._target:resize(target:size()):copy(target)
         self._max:max(self._targ_idx, self._target, 1)
         self._max:max(self._pred_idx, self._prediction, 1)
         self:_add(self._pred_idx[1], self._targ_idx[1])
      end
   end
end

function ConfusionMatrix:batchAdd(predictions, targets)
   local preds, targs
   self._prediction:resize(predictions:size()):copy(predictions)
   if predictions:dim() == 1 then
      preds = self._prediction                       -- class indices
   elseif predictions:dim() == 2 then
      if predictions:size(2) == 1 then
         preds = self._prediction:select(2, 1)
      else
         self._max:max(self._pred_idx, self._prediction, 2)   -- class scores
         preds = self._pred_idx:select(2, 1)
      end
   else
      error("predictions has invalid number of dimensions")
   end

   self._target:resize(targets:size()):copy(targets)
   if targets:dim() == 1 then
      targs = self._target
   elseif targets:dim() == 2 then
      if targets:size(2) == 1 then
         targs = self._target:select(2, 1)
      else
         self._max:max(self._targ_idx, self._target, 2)       -- one-hot rows
         targs = self._targ_idx:select(2, 1)
      end
   else
      error("targets has invalid number of dimensions")
   end

   -- non-positive targets are missing labels
   local mat = self.mat
   for i = 1, preds:size(1) do
      local t = targs[i]
      if t >= 1 then
         local p = preds[i]
         mat[t][p] = mat[t][p] + 1
      end
   end
end

function ConfusionMatrix:zero()
   self.mat:zero()
   self.valids:zero()
   self.unionvalids:zero()
   self.totalValid = 0
   self.averageValid = 0
end

local function isNaN(number) return number ~= number end

function ConfusionMatrix:updateValids()
   local total = 0
   for t = 1, self.nclasses do
      self.valids[t] = self.mat[t][t] / self.mat:select(1, t):sum()
      self.unionvalids[t] = self.mat[t][t] / (self.mat:select(1, t):sum() + self.mat:select(2, t):sum() - self.mat[t][t])
      total = total + self.mat[t][t]
   end
   self.totalValid = total / self.mat:sum()
   self.averageValid = 0
   self.averageUnionValid = 0
   local nvalids = 0
   local nunionvalids = 0
   for t = 1, self.nclasses do
      if not isNaN(self.valids[t]) then
         self.averageValid = self.averageValid + self.valids[t]
         nvalids = nvalids + 1
      end
      if not isNaN(self.valids[t]) and not isNaN(self.unionvalids[t]) then
         self.averageUnionValid = self.averageUnionValid + self.unionvalids[t]
         nunionvalids = nunionvalids + 1
      end
   end
   self.averageValid = self.averageValid / nvalids
   self.averageUnionValid = self.averageUnionValid / nunionvalids
end

-- false acceptance / false rejection rates: per class (-1 for classes with no
-- samples), then only over the classes that have samples
function ConfusionMatrix:farFrr()
   local cmat = self.mat
   local noOfClasses = cmat:size()[1]
   self._frrs = self._frrs or torch.zeros(noOfClasses)
   self._frrs:zero()
   self._classFrrs = self._classFrrs or torch.zeros(noOfClasses)
   self._classFrrs:zero()
   self._classFrrs:add(-1)
   self._fars = self._fars or torch.zeros(noOfClasses)
   self._fars:zero()
   self._classFars = self._classFars or torch.zeros(noOfClasses)
   self._classFars:zero()
   self._classFars:add(-1)
   local classSamplesCount = cmat:sum(2)
   local indx = 1
   for i = 1, noOfClasses do
      if classSamplesCount[i][1] ~= 0 then
         self._frrs[indx] = 1 - cmat[i][i] / classSamplesCount[i][1]
         self._classFrrs[i] = self._frrs[indx]
         local farNumerator = 0
         local farDenominator = 0
         for j = 1, noOfClasses do
            if i ~= j and classSamplesCount[j][1] ~= 0 then
               farNumerator = farNumerator + cmat[j][i] / classSamplesCount[j][1]
               farDenominator = farDenominator + 1
            end
         end
         self._fars[indx] = farNumerator / farDenominator
         self._classFars[i] = self._fars[indx]
         indx = indx + 1
      end
   end
   indx = indx - 1
   local returnFrrs = self._frrs[{{1, indx}}]
   local returnFars = self._fars[{{1, indx}}]
   return self._classFrrs, self._classFars, returnFrrs, returnFars
end

local function log10(n)
   if math.log10 then return math.log10(n) end
   return math.log(n) / math.log(10)
end

function ConfusionMatrix:__tostring__()
   self:updateValids()
   local str = {'ConfusionMatrix:\n'}
   local nclasses = self.nclasses
   table.insert(str, '[')
   local maxCnt = self.mat:max()
   local nDigits = math.max(8, 1 + math.ceil(log10(maxCnt)))
   for t = 1, nclasses do
      local pclass = self.valids[t] * 100
      pclass = string.format('%2.3f', pclass)
      if t == 1 then
         table.insert(str, '[')
      else
         table.insert(str, ' [')
      end
      for p = 1, nclasses do
         table.insert(str, string.format('%' .. nDigits .. 'd', self.mat[t][p]))
      end
      if self.classes and self.classes[1] then
         if t == nclasses then
            table.insert(str, ']]  ' .. pclass .. '% \t[class: ' .. (self.classes[t] or '') .. ']\n')
         else
            table.insert(str, ']   ' .. pclass .. '% \t[class: ' .. (self.classes[t] or '') .. ']\n')
         end
      else
         if t == nclasses then
            table.insert(str, ']]  ' .. pclass .. '% \n')
         else
            table.insert(str, ']   ' .. pclass .. '% \n')
         end
      end
   end
   table.insert(str, ' + average row correct: ' .. (self.averageValid * 100) .. '% \n')
   table.insert(str, ' + average rowUcol correct (VOC measure): ' .. (self.averageUnionValid * 100) .. '% \n')
   table.insert(str, ' + global correct: ' .. (self.totalValid * 100) .. '%')
   return table.concat(str)
end

-- torch7 drew this with qt; here: the row-normalised matrix, classes sorted by
-- score or occurrence, each cell a block x block square, grid lines at 0.1
function ConfusionMatrix:render(sortmode, display, block, legendwidth)
   local confusion = self.mat:double()
   local sortmode = sortmode or 'score'
   local block = block or 25
   local n = self.nclasses
   local diag = torch.FloatTensor(n)
   local freqs = torch.FloatTensor(n)
   local unconf = confusion
   confusion = confusion:clone()
   for target = 1, n do
      freqs[target] = confusion[target]:sum()
      confusion[target]:div(math.max(confusion[target]:sum(), 1))
      diag[target] = confusion[target][target]
   end
   freqs:div(unconf:sum())
   local order, _
   if sortmode == 'score' then
      _, order = torch.sort(diag, 1, true)
   elseif sortmode == 'occurrence' then
      _, order = torch.sort(freqs, 1, true)
   else
      error('sort mode must be one of: score | occurrence')
   end
   local render = torch.zeros(n * block, n * block)
   for target = 1, n do
      for prediction = 1, n do
         render[{{(target - 1) * block + 1, target * block}, {(prediction - 1) * block + 1, prediction * block}}]
            = confusion[order[target]][order[prediction]]
      end
   end
   for target = 1, n do
      render[{{target * block}, {}}] = 0.1
      render[{{}, {target * block}}] = 0.1
   end
   if display then
      print('<ConfusionMatrix.render> no display in luann; use the returned tensor')
   end
   return render
end
