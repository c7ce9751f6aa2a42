//! Reading MNIST (placeholder, being written).
