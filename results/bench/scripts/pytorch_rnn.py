#!/usr/bin/python3
"""Time PyTorch on the model bpttlab's BpttBenchmark times: BPTT (forward + backward) of a
vanilla tanh RNN, h_t = tanh(W_rec h_{t-1} + W_in x_t + b), y_t = W_out h_t + b_out, MSE summed
over every step (mean over the batch), T = 1000 steps, 32 inputs, 8 outputs, Gaussian inputs and
targets; n = 32, 128, 512 and batch 1, 32.

Two implementations: torch.nn.RNN (the fused CPU kernel) and a manual autograd loop over the steps
(what hand-written research code does); float64 (bpttlab's precision) and float32; 1 and 2 threads
(torch.set_num_threads). Prints one CSV row per configuration: the median and the spread of the
time per pass over the repetitions, in ms.

Run with Debian's python3-torch and OpenBLAS selected (see docs/performance.md):
    /usr/bin/python3 results/bench/scripts/pytorch_rnn.py > results/bench/results/pytorch.csv
Not part of `mvn verify`.
"""
import argparse
import statistics
import sys
import time

import torch

INPUTS = 32
OUTPUTS = 8


def make(n, batch, steps, dtype):
    g = torch.Generator().manual_seed(1)
    x = torch.randn(steps, batch, INPUTS, generator=g, dtype=dtype)
    target = torch.randn(steps, batch, OUTPUTS, generator=g, dtype=dtype)
    rnn = torch.nn.RNN(INPUTS, n, nonlinearity="tanh", bias=True).to(dtype)
    readout = torch.nn.Linear(n, OUTPUTS).to(dtype)
    return x, target, rnn, readout


def loss_of(y, target, batch):
    return 0.5 * ((y - target) ** 2).sum() / batch


def pass_nn_rnn(x, target, rnn, readout, batch):
    h, _ = rnn(x)
    loss = loss_of(readout(h), target, batch)
    rnn.zero_grad(set_to_none=True)
    readout.zero_grad(set_to_none=True)
    loss.backward()
    return loss


def pass_manual(x, target, rnn, readout, batch):
    w_in, w_rec = rnn.weight_ih_l0, rnn.weight_hh_l0
    b = rnn.bias_ih_l0 + rnn.bias_hh_l0
    h = torch.zeros(batch, w_rec.shape[0], dtype=x.dtype)
    loss = 0
    for t in range(x.shape[0]):
        h = torch.tanh(h @ w_rec.T + x[t] @ w_in.T + b)
        loss = loss + loss_of(readout(h), target[t], batch)
    rnn.zero_grad(set_to_none=True)
    readout.zero_grad(set_to_none=True)
    loss.backward()
    return loss


def time_pass(fn, args, warmup, reps):
    for _ in range(warmup):
        fn(*args)
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn(*args)
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times), min(times), max(times)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--steps", type=int, default=1000)
    p.add_argument("--hidden", type=int, nargs="+", default=[32, 128, 512])
    p.add_argument("--batch", type=int, nargs="+", default=[1, 32])
    p.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    p.add_argument("--reps", type=int, default=5)
    p.add_argument("--warmup", type=int, default=2)
    a = p.parse_args()
    print("# torch", torch.__version__, "blas:", torch.__config__.show().replace("\n", " | ")[:200],
          file=sys.stderr)
    print("impl,dtype,threads,hidden,batch,steps,median_ms,min_ms,max_ms")
    for threads in a.threads:
        torch.set_num_threads(threads)
        for dtype, name in ((torch.float64, "float64"), (torch.float32, "float32")):
            for n in a.hidden:
                for batch in a.batch:
                    x, target, rnn, readout = make(n, batch, a.steps, dtype)
                    for impl, fn in (("nn.RNN", pass_nn_rnn), ("manual", pass_manual)):
                        med, lo, hi = time_pass(fn, (x, target, rnn, readout, batch),
                                                a.warmup, a.reps)
                        print(f"{impl},{name},{threads},{n},{batch},{a.steps},"
                              f"{med:.3f},{lo:.3f},{hi:.3f}", flush=True)


if __name__ == "__main__":
    main()
