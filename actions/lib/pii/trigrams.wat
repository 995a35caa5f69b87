;; The trigram prefilter's inner loop (trigrams.ts): for each byte of a window, the trigram
;; starting there looked up in a table of two bits per trigram; where it is set, the
;; position and its two bits are written out. Memory, laid out by trigrams.ts:
;;   0       .. 524288   the table: 2^21 trigrams of seven-bit characters, two bits each
;;   524288  .. 589828   the window: one byte per UTF-16 unit, two read past it, two of padding
;;   589832  .. 851976   the output: (position << 2 | bits) per trigram found
(module
  (memory (export "memory") 14)
  (func (export "scan") (param $last i32) (result i32)
    (local $i i32) (local $h i32) (local $bits i32) (local $count i32)
    (local.set $h
      (i32.or
        (i32.shl (i32.and (i32.load8_u (i32.const 524288)) (i32.const 127)) (i32.const 7))
        (i32.and (i32.load8_u (i32.const 524289)) (i32.const 127))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $last)))
        (local.set $h
          (i32.and
            (i32.or
              (i32.shl (local.get $h) (i32.const 7))
              (i32.and (i32.load8_u offset=524290 (local.get $i)) (i32.const 127)))
            (i32.const 0x1fffff)))
        (local.set $bits
          (i32.and
            (i32.shr_u
              (i32.load (i32.shl (i32.shr_u (local.get $h) (i32.const 4)) (i32.const 2)))
              (i32.shl (i32.and (local.get $h) (i32.const 15)) (i32.const 1)))
            (i32.const 3)))
        (if (local.get $bits)
          (then
            (i32.store offset=589832
              (i32.shl (local.get $count) (i32.const 2))
              (i32.or (i32.shl (local.get $i) (i32.const 2)) (local.get $bits)))
            (local.set $count (i32.add (local.get $count) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $count)))
