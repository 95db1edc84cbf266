#!/usr/bin/python3
"""Independent PyTorch re-implementation of presyn's lifelong rule, for cross-checks.

A second implementation of ../shared/REFERENCE.md's presynaptic model on Permuted
(Fashion-)MNIST, written from REFERENCE.md (not from presyn's Go code and not from
the authors' code), in a different framework with a different random-number
generator (torch's Mersenne Twister). It exists to tell apart a defect of presyn's
Go engine from a property of the model itself: if both implementations agree with
each other and differ from a published run, the difference is not presyn's.

Not part of `make test`: it needs Debian's python3-torch and python3-numpy
(`apt-get install python3-torch python3-numpy`), which presyn itself does not use.

    /usr/bin/python3 scripts/crosscheck/presyn_torch.py --seed 2019 --out /tmp/xc-2019

writes OUT/permutations.txt (the tasks' pixel permutations, in the format of presyn's
"permutations" config key), OUT/epochs.csv (task, epoch, train_acc, test_acc_current_task, mean_p,
frac_frozen, acc_task1) and OUT/accuracy_matrix.csv (after_task, task, accuracy).
"""
import argparse
import csv
import gzip
import os
import time

import numpy as np
import torch
import torch.nn.functional as F


def read_idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(data_dir, dataset):
    mean, std = {"mnist": (0.1307, 0.3081), "fashion-mnist": (0.2861, 0.3530)}[dataset]
    out = {}
    for split, prefix in (("train", "train"), ("test", "t10k")):
        x = read_idx(os.path.join(data_dir, dataset, prefix + "-images-idx3-ubyte.gz"))
        y = read_idx(os.path.join(data_dir, dataset, prefix + "-labels-idx1-ubyte.gz"))
        x = (torch.from_numpy(x.reshape(len(x), -1).astype(np.float32)) / 255.0 - mean) / std
        out[split] = (x, torch.from_numpy(y.astype(np.int64)))
    return out


class Net:
    """784-200-200-10 ReLU; weights w (expected strengths), release probabilities p,
    biases fixed at their PyTorch-default uniform initial values."""

    def __init__(self, sizes, p_min):
        self.w, self.b, self.p = [], [], []
        for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
            bound = 1.0 / fan_in ** 0.5
            self.w.append(((torch.rand(fan_out, fan_in) * 2 - 1) * bound).requires_grad_())
            self.b.append((torch.rand(fan_out) * 2 - 1) * bound)
            self.p.append(torch.full((fan_out, fan_in), p_min))

    def forward(self, x):
        # One Bernoulli mask per weight per forward call, shared by the batch;
        # the layer uses mask*w/p, whose expectation is w.
        for k, (w, b, p) in enumerate(zip(self.w, self.b, self.p)):
            mask = (torch.rand(p.shape) < p).to(p.dtype)  # P(release) = p
            x = F.linear(x, mask * w / p, b)
            if k < len(self.w) - 1:
                x = F.relu(x)
        return x

    @torch.no_grad()
    def rule(self, grads, a):
        for w, p, g in zip(self.w, self.p, grads):
            frozen = p >= a.p_freeze  # tested before the update, with the old p
            d = g * (1 - p) if a.lr_modulation else g
            w -= a.lr * d
            delta = torch.where(g.abs() >= a.g_lim, torch.tensor(a.p_up), torch.tensor(-a.p_down))
            p.copy_(torch.clamp(p + (1 - p) * delta * (~frozen), a.p_min, 1.0))

    @torch.no_grad()
    def accuracy(self, x, y, samples, batch=1000):
        correct = 0
        for i in range(0, len(x), batch):
            xb = x[i:i + batch]
            avg = sum(F.softmax(self.forward(xb), dim=1) for _ in range(samples)) / samples
            correct += (avg.argmax(1) == y[i:i + batch]).sum().item()
        return correct / len(x)

    def mean_p(self):
        return (sum(p.sum().item() for p in self.p) / sum(p.numel() for p in self.p))

    def frac_frozen(self, p_freeze):
        return (sum((p >= p_freeze).sum().item() for p in self.p) / sum(p.numel() for p in self.p))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--data-dir", default="data")
    ap.add_argument("--dataset", default="mnist", choices=["mnist", "fashion-mnist"])
    ap.add_argument("--tasks", type=int, default=10)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--batch", type=int, default=100)
    ap.add_argument("--samples", type=int, default=10)
    ap.add_argument("--lr", type=float, default=0.01)
    ap.add_argument("--p-up", type=float, default=0.0520)
    ap.add_argument("--p-down", type=float, default=0.0516)
    ap.add_argument("--g-lim", type=float, default=0.001)
    ap.add_argument("--p-freeze", type=float, default=0.9353)
    ap.add_argument("--p-min", type=float, default=0.25)
    ap.add_argument("--no-lr-modulation", dest="lr_modulation", action="store_false")
    ap.add_argument("--permutations", help="read the tasks' pixel permutations from this file "
                    "(presyn's format: one task per line) instead of drawing them with torch.randperm")
    ap.add_argument("--permutations-only", action="store_true",
                    help="write OUT/permutations.txt and stop")
    ap.add_argument("--dtype", default="float32", choices=["float32", "float64"],
                    help="precision of the whole computation (float64 tests rounding)")
    a = ap.parse_args()

    torch.set_num_threads(1)
    torch.set_default_dtype(getattr(torch, a.dtype))
    torch.manual_seed(a.seed)
    # The permutations come first from the seeded generator, as in the published
    # code, so a seed gives the published run's tasks.
    perms = [torch.randperm(28 * 28) for _ in range(a.tasks)]
    if a.permutations:
        with open(a.permutations) as f:
            rows = [line.split() for line in f if line.strip() and not line.startswith("#")]
        perms = [torch.tensor([int(v) for v in row]) for row in rows[:a.tasks]]
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "permutations.txt"), "w") as f:
        for perm in perms:
            f.write(" ".join(str(int(v)) for v in perm) + "\n")
    if a.permutations_only:
        return
    data = load(a.data_dir, a.dataset)
    dt = torch.get_default_dtype()
    xtr, ytr = data["train"][0].to(dt), data["train"][1]
    xte, yte = data["test"][0].to(dt), data["test"][1]
    net = Net([xtr.shape[1], 200, 200, 10], a.p_min)

    test_sets = [(xte[:, perm].contiguous(), yte) for perm in perms]
    matrix, epochs = [], []
    start = time.time()
    for t, perm in enumerate(perms):
        xt = xtr[:, perm].contiguous()
        for e in range(a.epochs):
            order = torch.randperm(len(xt))
            correct = 0
            steps = len(xt) // a.batch  # the last incomplete batch is dropped
            for s in range(steps):
                idx = order[s * a.batch:(s + 1) * a.batch]
                out = net.forward(xt[idx])
                loss = F.cross_entropy(out, ytr[idx])
                grads = torch.autograd.grad(loss, net.w)
                net.rule(grads, a)
                correct += (out.argmax(1) == ytr[idx]).sum().item()
            cur = net.accuracy(*test_sets[t], a.samples)
            first = cur if t == 0 else net.accuracy(*test_sets[0], a.samples)
            epochs.append((t + 1, e + 1, correct / (steps * a.batch), cur, net.mean_p(),
                           net.frac_frozen(a.p_freeze), first))
            print("task %d epoch %d train %.4f test %.4f mean_p %.4f frozen %.4f task1 %.4f (%.0f s)" % (
                epochs[-1] + (time.time() - start,)), flush=True)
        for k in range(t + 1):
            matrix.append((t + 1, k + 1, net.accuracy(*test_sets[k], a.samples)))
    with open(os.path.join(a.out, "epochs.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["task", "epoch", "train_acc", "test_acc_current_task", "mean_p", "frac_frozen", "acc_task1"])
        w.writerows(epochs)
    with open(os.path.join(a.out, "accuracy_matrix.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["after_task", "task", "accuracy"])
        w.writerows(matrix)
    last = [acc for after, _, acc in matrix if after == a.tasks]
    print("seed %d: task 1 after task %d %.4f, mean over tasks %.4f, %.0f s" % (
        a.seed, a.tasks, last[0], sum(last) / len(last), time.time() - start))


if __name__ == "__main__":
    main()
