//! Listing: the 2×3 network of the chapter, its loss and its gradient.
use crate::capture::println;
use crate::listing::listing;

// ANCHOR: listing
use ndarray::array;
use nnlearn::activation::softmax;
use nnlearn::argmax::argmax;
use nnlearn::simple_net::{SimpleNet, book_weights};

fn main() {
    let net = SimpleNet { w: book_weights() }; // the weights printed in the book
    let x = array![0.6, 0.9];
    let t = array![0.0, 0.0, 1.0]; // the correct class is 2

    let p = net.predict(&x);
    println!("p = {p:.8}");
    println!("argmax = {}", argmax(&p.view()));
    println!("softmax(p) = {:.8}", softmax(&p));
    println!("loss = {:?}", net.loss(&x, &t));
    println!("dW =\n{:.8}", net.gradient(&x, &t));
}
// ANCHOR_END: listing

listing!("simple-net");

#[cfg(test)]
mod tests {
    #[test]
    fn prints_the_book_values() {
        let text = super::LISTING.output().unwrap();
        assert!(text.contains("argmax = 2"), "{text}");
        assert!(text.contains("p = [1.05414809, 0.63071653, 1.13280740]"), "{text}");
        assert!(text.contains("loss = 0.9280682857864075"), "{text}");
    }
}
