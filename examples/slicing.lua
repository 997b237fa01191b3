-- Tensor slicing, after torch/tutorials 2_supervised/A_slicing.lua (non-interactive:
-- the script no longer pauses between steps). Extra steps at the end cover masks,
-- index/indexCopy, narrow/select/sub and views that share memory.

print '----------------------------------------------------------------------'
print 'creating a few tensors'

t1 = torch.range(1,75):resize(3,5,5)
print 't1 = torch.range(1,75):resize(3,5,5)'
print 't1 = '
print(t1)

t2 = torch.range(1,25):resize(5,5)
print 't2 = torch.range(1,25):resize(5,5)'
print 't2 = '
print(t2)

print '----------------------------------------------------------------------'
print 'the [] operator'
print 't1[2] ='
print(t1[2])

print 't1[2]:fill(7)  -- a view: t1 changes too'
t1[2]:fill(7)
print 't1 ='
print(t1)

print '----------------------------------------------------------------------'
print 'the [{}] operator'
print 't2[{ {},2 }] ='
print(t2[{ {},2 }])
print 't2[{ 2,{} }] ='
print(t2[{ 2,{} }])
print 't2[{ {2},{} }] ='
print(t2[{ {2},{} }])
print 't2[{ {1,3},{3,4} }] ='
print(t2[{ {1,3},{3,4} }])
print 't2[{ {3},{4} }] ='
print(t2[{ {3},{4} }])
print 't2[{ 3,4 }] ='
print(t2[{ 3,4 }])

print '----------------------------------------------------------------------'
print 'negative indexes'
print 't2[{ {},{2,-2} }] ='
print(t2[{ {},{2,-2} }])
print 't2[{ -1,-1 }] ='
print(t2[{ -1,-1 }])

print '----------------------------------------------------------------------'
print 'copying with [{}] ='
t3 = torch.Tensor(5)
t3[{}] = t2[{ {},1 }]
print 't3 ='
print(t3)

t4 = torch.Tensor(5,2)
t4[{ {},1 }] = t2[{ {},2 }]
t4[{ {},2 }] = t2[{ {},5 }]
print 't4 ='
print(t4)

print '----------------------------------------------------------------------'
print 'filling a slice with a number, and a column with a tensor'
t5 = torch.zeros(3,4)
t5[{ 2,{} }] = 1
t5[{ {},{3,4} }] = 2
t5[{ {},1 }] = torch.Tensor{7,8,9}
print(t5)

print '----------------------------------------------------------------------'
print 'masks'
m = t2:gt(20)
print 'm = t2:gt(20)'
print(m)
print 't2[m] ='
print(t2[m])
t6 = t2:clone()
t6[t6:lt(6)] = 0
print 't6[t6:lt(6)] = 0'
print(t6)
print('sum of selected: ' .. t2:maskedSelect(t2:ge(24)):sum())

print '----------------------------------------------------------------------'
print 'views share memory'
v = t2:view(25)
v[1] = -1
print('t2[1][1] after v[1] = -1: ' .. t2[1][1])
n = t2:narrow(1, 2, 2)
n:zero()
print('t2 after narrow(1,2,2):zero():')
print(t2)
s = t2:select(2, 5)
s:fill(5)
print('t2:select(2,5):fill(5) ->')
print(t2)
tr = t2:t()
print('t2:t():isContiguous() = ' .. tostring(tr:isContiguous()))
tr[1][2] = 100
print('t2[2][1] after tr[1][2] = 100: ' .. t2[2][1])
u = t2:unfold(2, 2, 2)
print('t2:unfold(2,2,2) size:')
print(u:size())

print '----------------------------------------------------------------------'
print 'index / indexCopy / indexFill'
idx = torch.LongTensor{1,3}
print(t2:index(1, idx))
t7 = torch.zeros(3,3)
t7:indexCopy(2, torch.LongTensor{3,1}, torch.ones(3,2):mul(4))
t7:indexFill(1, torch.LongTensor{2}, -3)
print(t7)
print(#t1)
print(t1:size(2), t1:dim(), t1:nElement())
