using System.Collections;
using System.Runtime.CompilerServices;
using NativeArrays.Kernels;
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
        // The ordered walk's plan and its resumable cursor (the iterator's one odometer): rows in C order, merged where
        // the layout allows (a C-contiguous array is one row).
        private IterationPlan _plan;
        private NdCursor _cursor;
        private byte* _next;
        private long _left;
        private readonly long _step;
        private T _current;
        private bool _done;
        private bool _released;

        internal Enumerator(NDArray<T> array)
        {
            var pin = array.Pin();
            _buffer = pin.Buffer;
            _current = default;
            _released = false;
            _next = null;
            _left = 0;
            _step = 0;
            Unsafe.SkipInit(out _plan);
            Unsafe.SkipInit(out _cursor);
            _done = !_plan.Begin(array.Shape, 1);
            if (_done) return;
            _plan.SetOperand(0, pin.Pointer, array.Strides, sizeof(T));
            _plan.FinishOrdered();
            _cursor.Seek(ref _plan, 0);
            _next = _cursor.Row(0);
            _left = NdCursor.RowLength(ref _plan);
            _step = NdCursor.RowStride(ref _plan, 0);
        }

        /// <summary>The element at the enumerator's position.</summary>
        public readonly T Current => _current;
        readonly object IEnumerator.Current => _current;

        /// <summary>Advances to the next element in C order.</summary>
        /// <exception cref="ObjectDisposedException">The enumerator was disposed.</exception>
        public bool MoveNext()
        {
            if (_buffer is null || _released) throw new ObjectDisposedException(nameof(Enumerator), "The enumerator was disposed.");
            if (_left == 0)
            {
                if (_done || !_cursor.NextRow(ref _plan)) { _done = true; return false; }
                _next = _cursor.Row(0);
                _left = NdCursor.RowLength(ref _plan);
            }
            _current = *(T*)_next;
            _next += _step;
            _left--;
            return true;
        }

        /// <summary>Not supported: create a new enumerator instead.</summary>
        /// <exception cref="NotSupportedException">Always.</exception>
        public void Reset() => throw new NotSupportedException("Create a new enumerator with GetEnumerator() instead.");

        /// <summary>Returns the SafeHandle reference taken at creation (once).</summary>
        public void Dispose()
        {
            if (_buffer is null || _released) return;
            _released = true;
            _buffer.ReleaseKernelRef();
        }
    }
}
