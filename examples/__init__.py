"""Package data, installed as `floor.examples`: agenda files, the reference meeting among them."""
