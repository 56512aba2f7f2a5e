using System.Collections;
using NativeArrays.Memory;

namespace NativeArrays;

// Enumeration of the elements in C order (foreach without boxing, LINQ).
public sealed unsafe partial class NDArray<T> : IEnumerable<T>
{
    /// <summary>
    /// An enumerator over the elements in C order (last index fastest), for any layout. It holds the buffer's SafeHandle
    /// reference until disposed (<c>foreach</c> and LINQ dispose it), so a concurrent dispose never frees memory under it.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The array was disposed.</exception>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// Enumerates an array's elements in C order. A struct: <c>foreach</c> over an <see cref="NDArray{T}"/> does not box.
    /// Dispose it exactly once (do not dispose copies of it separately).
    /// </summary>
    public struct Enumerator : IEnumerator<T>
    {
        private readonly NativeBuffer? _buffer;
        private readonly T* _origin;
        private readonly nint[] _shape;
        private readonly nint[] _strides;
        private readonly nint[]? _index;
        private readonly nint _size;
        private readonly bool _contiguous;
        private nint _position;
        private nint _offset;
        private T _current;
        private bool _released;

        internal Enumerator(NDArray<T> array)
        {
            var pin = array.Pin();
            _buffer = pin.Buffer;
            _origin = pin.Pointer;
            _shape = array.Shape.ToArray();
            _strides = array.Strides.ToArray();
            _size = array.Size;
            _contiguous = array.IsCContiguous;
            _index = _contiguous || _shape.Length == 0 ? null : new nint[_shape.Length];
            _position = -1;
            _offset = 0;
            _current = default;
            _released = false;
        }

        /// <summary>The element at the enumerator's position.</summary>
        public readonly T Current => _current;
        readonly object IEnumerator.Current => _current;

        /// <summary>Advances to the next element in C order.</summary>
        /// <exception cref="ObjectDisposedException">The enumerator was disposed.</exception>
        public bool MoveNext()
        {
            if (_buffer is null || _released) throw new ObjectDisposedException(nameof(Enumerator), "The enumerator was disposed.");
            nint next = _position + 1;
            if (next >= _size) { _position = _size; return false; }
            if (_contiguous) _offset = next;
            else if (next > 0) Step();
            _position = next;
            _current = _origin[_offset];
            return true;
        }

        /// <summary>Odometer step: the last axis fastest; carries reset an axis and move the one before.</summary>
        private void Step()
        {
            var index = _index!;
            for (int d = index.Length - 1; d >= 0; d--)
            {
                if (++index[d] < _shape[d]) { _offset += _strides[d]; return; }
                _offset -= (index[d] - 1) * _strides[d];
                index[d] = 0;
            }
        }

        /// <summary>Not supported: create a new enumerator instead.</summary>
        /// <exception cref="NotSupportedException">Always.</exception>
        public void Reset() => throw new NotSupportedException("Create a new enumerator with GetEnumerator() instead.");

        /// <summary>Returns the SafeHandle reference taken at creation (once).</summary>
        public void Dispose()
        {
            if (_buffer is null || _released) return;
            _released = true;
            _buffer.DangerousRelease();
        }
    }
}
