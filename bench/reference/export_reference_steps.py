#!/usr/bin/python3
"""Export the first training steps of the paper's reference implementation as a parity fixture.

Runs the authors' 1-D network for dataset 1 ("ours", NCE + KL(p||q), K = 4, M = 1024, batch 32,
Adam 1e-3) from a checkout of github.com/fregu856/ebms_proposals, on CPU with one thread, and
writes, as .npy files, everything the Java trainer needs to take the same steps and compare:

  initial/<param>.npy          the network's initial weights (PyTorch's default initialisation)
  step-<k>/rows.npy            the dataset rows of batch k (the shuffled order the loader used)
  step-<k>/x.npy, y.npy        that batch's inputs and targets (to check that the data agree)
  step-<k>/draws.npy           the M proposal samples per example, [B, M] (drawn from q, detached)
  step-<k>/losses.npy          [loss, loss_ebm_nce, loss_mdn_kl] of the step
  step-<k>/grad/<param>.npy    the gradient of every parameter after backward()
  step-<k>/after/<param>.npy   every parameter after the Adam step

The network class is imported from the checkout (ebmdn_model_K4.ToyNet); the step is
reference_step.step, which follows the loop of its ebmdn4_train_K4.py line by line. Nothing of the
reference is copied into this project: run it against your own checkout.

  /usr/bin/python3 bench/reference/export_reference_steps.py --reference ~/ebms_proposals \\
      --output trainer/src/test/resources/parity/toy1-k4 --steps 3 --seed 1
"""
import argparse
import os
import pickle
import tempfile

import numpy as np
import torch

import reference_step


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reference", required=True, help="checkout of fregu856/ebms_proposals")
    parser.add_argument("--output", required=True, help="fixture folder (created)")
    parser.add_argument("--steps", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--samples", type=int, default=1024)
    parser.add_argument("--batch", type=int, default=32)
    args = parser.parse_args()

    folder = os.path.join(args.reference, "1dregression_1")
    ToyNet = reference_step.network_class(folder, 4)  # the authors' network

    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    with open(os.path.join(folder, "x.pkl"), "rb") as f:
        xs_all = np.asarray(pickle.load(f), dtype=np.float32)
    with open(os.path.join(folder, "y.pkl"), "rb") as f:
        ys_all = np.asarray(pickle.load(f), dtype=np.float32)

    network = ToyNet("parity", project_dir=tempfile.mkdtemp())
    optimizer = torch.optim.Adam(network.parameters(), lr=0.001)
    names = [n for n, _ in network.named_parameters()]
    save = lambda path, a: (os.makedirs(os.path.dirname(path), exist_ok=True), np.save(path, np.ascontiguousarray(a)))
    for n, p in network.named_parameters():
        save(os.path.join(args.output, "initial", n + ".npy"), p.detach().numpy().astype(np.float32))

    order = torch.randperm(len(xs_all)).numpy()  # what DataLoader(shuffle=True) draws for epoch 1
    for k in range(args.steps):
        rows = order[k * args.batch:(k + 1) * args.batch]
        xs = torch.from_numpy(xs_all[rows]).unsqueeze(1)
        ys = torch.from_numpy(ys_all[rows]).unsqueeze(1)
        loss, loss_ebm_nce, loss_mdn_kl, y_samples = reference_step.step(network, optimizer, xs, ys, args.samples)
        step = os.path.join(args.output, "step-%d" % k)
        save(os.path.join(step, "rows.npy"), rows.astype(np.int32))
        save(os.path.join(step, "x.npy"), xs_all[rows])
        save(os.path.join(step, "y.npy"), ys_all[rows])
        save(os.path.join(step, "draws.npy"), y_samples.numpy().astype(np.float32))
        save(os.path.join(step, "losses.npy"),
             np.array([loss.item(), loss_ebm_nce.item(), loss_mdn_kl.item()], dtype=np.float64))
        for n, p in network.named_parameters():
            save(os.path.join(step, "grad", n + ".npy"), p.grad.numpy().astype(np.float32))
        optimizer.step()
        for n, p in network.named_parameters():
            save(os.path.join(step, "after", n + ".npy"), p.detach().numpy().astype(np.float32))
        print("step %d: loss %.6f (nce %.6f, kl %.6f)" % (k, loss.item(), loss_ebm_nce.item(), loss_mdn_kl.item()))
    print("parameters: " + ", ".join(names))


if __name__ == "__main__":
    main()
