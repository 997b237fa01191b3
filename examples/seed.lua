-- The seed notebook ("Neural Networks with torch7") as a script: its code cells in
-- order. Cells whose value the notebook displayed print it here the way iTorch did
-- (tensors and numbers with print, the model with luann.display, an empty result
-- as an empty line). No seed is set, as in the notebook, so the numbers differ from
-- run to run; the relations between them (Y = W*X + b, gradBias = gradOutput, ...)
-- do not.

-- In [1]
nn = require 'nn';

-- In [2]
model = nn.Sequential()

-- In [3]
model:add(nn.Linear(3,4))
io.write(luann.display(model), '\n')

-- In [4], [5]
X = torch.randn(3)
print(X)

-- In [6], [7]
Y = model:forward(X)
print(Y)

-- In [8], [9]
W = model:get(1).weight
print(W)

-- In [10], [11]
b = model:get(1).bias
print(b)

-- In [12]
-- The * operator is overloaded with matrix multiplication
print(W*X+b)

-- In [13]
print(model:get(1).output)

-- In [14]
io.write(luann.display(model), '\n')

-- In [15]
model:zeroGradParameters()
print()

-- In [16], [17], [18]
print(model:get(1).gradBias)
print(model:get(1).gradWeight)
print(model:get(1).gradInput)

-- In [19]
gradOutput = torch.Tensor(4):fill(2)

-- In [20]
-- format --> model:backward(input_passed, error_that_came_from_previous_modules)

print(model:backward(X, gradOutput))

-- In [21]
print(model:get(1).gradBias)

-- In [22], [23], [24]
print(gradOutput[1]*X[1])
print(gradOutput[2]*X[2])
print(gradOutput[3]*X[3])

-- In [25]
print(model:get(1).gradWeight)

-- In [29]
print(W)

-- In [36]
print(gradOutput:reshape(1,4)*W)

-- In [35]
print(model:get(1).gradInput)
