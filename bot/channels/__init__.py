"""Platform adapters. The only package that imports a platform library."""
