// Support helpers (ElementTypes, TinyFileSystem) are visible to every test file.
global using NativeArrays.Tests.Support;
