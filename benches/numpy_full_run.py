"""The same full training run as benches/training.rs, in NumPy (float64, or
float32 throughout with --float32), for a side by side comparison: the original's TwoLayerNet with backprop, 10000 iterations of
mini-batch SGD (batch 100, lr 0.1, drawn with replacement), the loss recomputed
after every update, and train/test accuracy on all 70000 images every 600
iterations (17 times).

Run:  python3 benches/numpy_full_run.py /path/to/mnist [repeats] [--float32] [--json out.json]
Prints the time of each repeat (data loading excluded, as in the Rust benchmark);
with --json, also writes the times. benches/compare.sh times the whole process
(`repeats` 1: start, import, loading and one run), as it times nnlearn's.

float32 throughout: the data, the weights and every intermediate array are
float32 (NumPy 2 keeps Python numbers such as 0.1 and 1e-7 from widening them).
"""
import json
import sys
import time

import numpy as np


DTYPE = np.float64


def load_idx(path, images):
    with open(path, "rb") as f:
        data = f.read()
    if images:
        return np.frombuffer(data, np.uint8, offset=16).reshape(-1, 784).astype(DTYPE) / DTYPE(255.0)
    labels = np.frombuffer(data, np.uint8, offset=8)
    t = np.zeros((labels.size, 10), DTYPE)
    t[np.arange(labels.size), labels] = 1.0
    return t


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def softmax(x):
    x = x - np.max(x, axis=1, keepdims=True)
    e = np.exp(x)
    return e / np.sum(e, axis=1, keepdims=True)


def cross_entropy_error(y, t):
    return -np.sum(t * np.log(y + 1e-7)) / y.shape[0]


class TwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size, rng, weight_init_std=0.01):
        self.params = {
            "W1": weight_init_std * rng.standard_normal((input_size, hidden_size), DTYPE),
            "b1": np.zeros(hidden_size, DTYPE),
            "W2": weight_init_std * rng.standard_normal((hidden_size, output_size), DTYPE),
            "b2": np.zeros(output_size, DTYPE),
        }

    def predict(self, x):
        p = self.params
        z1 = sigmoid(np.dot(x, p["W1"]) + p["b1"])
        return softmax(np.dot(z1, p["W2"]) + p["b2"])

    def loss(self, x, t):
        return cross_entropy_error(self.predict(x), t)

    def accuracy(self, x, t):
        y = np.argmax(self.predict(x), axis=1)
        return np.sum(y == np.argmax(t, axis=1)) / float(x.shape[0])

    def gradient(self, x, t):
        p = self.params
        batch_num = x.shape[0]
        a1 = np.dot(x, p["W1"]) + p["b1"]
        z1 = sigmoid(a1)
        y = softmax(np.dot(z1, p["W2"]) + p["b2"])
        dy = (y - t) / batch_num
        grads = {"W2": np.dot(z1.T, dy), "b2": np.sum(dy, axis=0)}
        da1 = (1.0 - z1) * z1 * np.dot(dy, p["W2"].T)
        grads["W1"] = np.dot(x.T, da1)
        grads["b1"] = np.sum(da1, axis=0)
        return grads


def full_run(x_train, t_train, x_test, t_test, seed):
    rng = np.random.default_rng(seed)
    network = TwoLayerNet(784, 50, 10, rng)
    train_size = x_train.shape[0]
    iter_per_epoch = max(train_size / 100, 1)
    losses, accs = [], []
    for i in range(10000):
        batch_mask = rng.choice(train_size, 100)
        x_batch, t_batch = x_train[batch_mask], t_train[batch_mask]
        grad = network.gradient(x_batch, t_batch)
        for key in ("W1", "b1", "W2", "b2"):
            network.params[key] -= 0.1 * grad[key]
        losses.append(network.loss(x_batch, t_batch))
        if i % iter_per_epoch == 0:
            accs.append((network.accuracy(x_train, t_train), network.accuracy(x_test, t_test)))
    return losses, accs


def main():
    global DTYPE
    args = sys.argv[1:]
    if "--float32" in args:
        args.remove("--float32")
        DTYPE = np.float32
    out = None
    if "--json" in args:
        i = args.index("--json")
        out = args[i + 1]
        del args[i : i + 2]
    d = args[0]
    repeats = int(args[1]) if len(args) > 1 else 3
    x_train = load_idx(f"{d}/train-images-idx3-ubyte", True)
    t_train = load_idx(f"{d}/train-labels-idx1-ubyte", False)
    x_test = load_idx(f"{d}/t10k-images-idx3-ubyte", True)
    t_test = load_idx(f"{d}/t10k-labels-idx1-ubyte", False)
    print(f"numpy {np.__version__}, {np.dtype(DTYPE).name}")
    times = []
    for r in range(repeats):
        start = time.perf_counter()
        losses, accs = full_run(x_train, t_train, x_test, t_test, seed=r)
        elapsed = time.perf_counter() - start
        assert losses[-1].dtype == DTYPE, "an array widened to another type"
        times.append(elapsed)
        print(f"run {r}: {elapsed:.2f} s, final train/test accuracy {accs[-1][0]:.4f} {accs[-1][1]:.4f}")
    if out:
        with open(out, "w") as f:
            json.dump({"numpy": np.__version__, "dtype": np.dtype(DTYPE).name, "seconds": times}, f)


if __name__ == "__main__":
    main()
