;; Top-k expert selection over rows of float32 router logits, with 128-bit SIMD.
;; Assembled by scripts/wasm.ts into src/lib/topk-wasm.ts; called through topKWasm in
;; src/lib/topk.ts by routeTopKFlat in src/lib/moe.ts, which computes the gates. The same scan
;; and tie rule as topKScan (the JavaScript version in topk.ts), in float64 like it: score = logit + bias; a row's first k scores fill a buffer
;; sorted descending (NaN counts as -inf); a later score enters only if strictly above the
;; current k-th best, so an equal score keeps the lower index and NaN never enters. SIMD
;; compares four scores with the k-th best at once and skips all four when none beats it,
;; which after the first few dozen experts of a row is almost always.
;; Before the scan, one SIMD pass finds a floor that the row's k-th best score reaches (see $floor16),
;; and the scan skips every score below it: about 9 candidates per row of 256 instead of 25.
;; Memory (byte offsets): logits at 0 (tokens × experts f32); `bias` (experts f64, 8-aligned);
;; `out` (tokens × k i32: chosen expert indices, best first); `vals` (tokens × k f32: their logits); `buf` (16-aligned scratch: 16 f64 for
;; $floor16, then the row's k best scores, f64).
(module
  (memory (export "memory") 1)

  ;; logit j of the row at byte offset $row, plus bias j, in float64.
  (func $score (param $row i32) (param $bias i32) (param $j i32) (result f64)
    (f64.add
      (f64.promote_f32 (f32.load (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 2)))))
      (f64.load (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 3))))))

  ;; Put expert j (score s) at slot $p of the buffer or higher, shifting worse entries down one slot.
  (func $insert (param $s f64) (param $j i32) (param $p i32) (param $orow i32) (param $buf i32)
    (local $prev f64)
    (block $done
      (loop $shift
        (br_if $done (i32.eqz (local.get $p)))
        (local.set $prev (f64.load (i32.add (local.get $buf) (i32.shl (i32.sub (local.get $p) (i32.const 1)) (i32.const 3)))))
        (br_if $done (i32.eqz (f64.lt (local.get $prev) (local.get $s))))
        (f64.store (i32.add (local.get $buf) (i32.shl (local.get $p) (i32.const 3))) (local.get $prev))
        (i32.store (i32.add (local.get $orow) (i32.shl (local.get $p) (i32.const 2)))
          (i32.load (i32.add (local.get $orow) (i32.shl (i32.sub (local.get $p) (i32.const 1)) (i32.const 2)))))
        (local.set $p (i32.sub (local.get $p) (i32.const 1)))
        (br $shift)))
    (f64.store (i32.add (local.get $buf) (i32.shl (local.get $p) (i32.const 3))) (local.get $s))
    (i32.store (i32.add (local.get $orow) (i32.shl (local.get $p) (i32.const 2))) (local.get $j)))

  ;; A lower bound on the row's k-th best score (k <= 16), from one SIMD pass: the maxima of 16
  ;; disjoint groups of experts (expert j in group j mod 16, full blocks of 16 only; NaN ignored),
  ;; and of those the k-th largest, so at least k scores reach it. -inf when there is no block of 16.
  ;; $tmp: 16 f64 of scratch.
  (func $floor16 (param $row i32) (param $bias i32) (param $experts i32) (param $k i32) (param $tmp i32) (result f64)
    (local $j i32) (local $v v128) (local $b i32) (local $i i32) (local $p i32) (local $x f64) (local $prev f64)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128)
    (if (i32.lt_u (local.get $experts) (i32.const 16)) (then (return (f64.const -inf))))
    (local.set $a0 (f64x2.splat (f64.const -inf)))
    (local.set $a1 (local.get $a0)) (local.set $a2 (local.get $a0)) (local.set $a3 (local.get $a0))
    (local.set $a4 (local.get $a0)) (local.set $a5 (local.get $a0)) (local.set $a6 (local.get $a0)) (local.set $a7 (local.get $a0))
    (block $done
      (loop $blocks
        (br_if $done (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (local.get $experts)))
        (local.set $b (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 3))))
        (local.set $v (v128.load (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $a0 (f64x2.pmax (local.get $a0) (f64x2.add (f64x2.promote_low_f32x4 (local.get $v)) (v128.load (local.get $b)))))
        (local.set $a1 (f64x2.pmax (local.get $a1) (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))) (v128.load offset=16 (local.get $b)))))
        (local.set $v (v128.load offset=16 (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $a2 (f64x2.pmax (local.get $a2) (f64x2.add (f64x2.promote_low_f32x4 (local.get $v)) (v128.load (i32.add (local.get $b) (i32.const 32))))))
        (local.set $a3 (f64x2.pmax (local.get $a3) (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))) (v128.load offset=16 (i32.add (local.get $b) (i32.const 32))))))
        (local.set $v (v128.load offset=32 (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $a4 (f64x2.pmax (local.get $a4) (f64x2.add (f64x2.promote_low_f32x4 (local.get $v)) (v128.load (i32.add (local.get $b) (i32.const 64))))))
        (local.set $a5 (f64x2.pmax (local.get $a5) (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))) (v128.load offset=16 (i32.add (local.get $b) (i32.const 64))))))
        (local.set $v (v128.load offset=48 (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $a6 (f64x2.pmax (local.get $a6) (f64x2.add (f64x2.promote_low_f32x4 (local.get $v)) (v128.load (i32.add (local.get $b) (i32.const 96))))))
        (local.set $a7 (f64x2.pmax (local.get $a7) (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))) (v128.load offset=16 (i32.add (local.get $b) (i32.const 96))))))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $blocks)))
    (v128.store (local.get $tmp) (local.get $a0))
    (v128.store offset=16 (local.get $tmp) (local.get $a1))
    (v128.store offset=32 (local.get $tmp) (local.get $a2))
    (v128.store offset=48 (local.get $tmp) (local.get $a3))
    (v128.store offset=64 (local.get $tmp) (local.get $a4))
    (v128.store offset=80 (local.get $tmp) (local.get $a5))
    (v128.store offset=96 (local.get $tmp) (local.get $a6))
    (v128.store offset=112 (local.get $tmp) (local.get $a7))
    ;; Insertion-sort the 16 maxima descending; the k-th is the bound.
    (local.set $i (i32.const 1))
    (loop $sort
      (local.set $x (f64.load (i32.add (local.get $tmp) (i32.shl (local.get $i) (i32.const 3)))))
      (local.set $p (local.get $i))
      (block $placed
        (loop $shift
          (br_if $placed (i32.eqz (local.get $p)))
          (local.set $prev (f64.load (i32.add (local.get $tmp) (i32.shl (i32.sub (local.get $p) (i32.const 1)) (i32.const 3)))))
          (br_if $placed (i32.eqz (f64.lt (local.get $prev) (local.get $x))))
          (f64.store (i32.add (local.get $tmp) (i32.shl (local.get $p) (i32.const 3))) (local.get $prev))
          (local.set $p (i32.sub (local.get $p) (i32.const 1)))
          (br $shift)))
      (f64.store (i32.add (local.get $tmp) (i32.shl (local.get $p) (i32.const 3))) (local.get $x))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $sort (i32.lt_u (local.get $i) (i32.const 16))))
    (f64.load (i32.add (local.get $tmp) (i32.shl (i32.sub (local.get $k) (i32.const 1)) (i32.const 3)))))

  ;; For each of `tokens` rows of `experts` logits, write the k best experts' indices, best first, at `out`
  ;; and their logits at `vals`.
  (func (export "topk") (param $tokens i32) (param $experts i32) (param $k i32) (param $bias i32) (param $out i32) (param $vals i32) (param $buf i32)
    (local $t i32) (local $j i32) (local $row i32) (local $orow i32) (local $last i32)
    (local $s f64) (local $thr f64) (local $thr2 v128) (local $floor f64) (local $floor2 v128) (local $v v128) (local $b i32) (local $q i32)
    (local $lo v128) (local $hi v128) (local $best i32) (local $n i32) (local $hit i32) (local $end i32)
    (local.set $best (i32.add (local.get $buf) (i32.const 128)))
    (local.set $last (i32.sub (local.get $k) (i32.const 1)))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $t) (local.get $tokens)))
        (local.set $row (i32.shl (i32.mul (local.get $t) (local.get $experts)) (i32.const 2)))
        (local.set $orow (i32.add (local.get $out) (i32.shl (i32.mul (local.get $t) (local.get $k)) (i32.const 2))))
        (local.set $floor (f64.const -inf))
        (if (i32.le_u (local.get $k) (i32.const 16))
          (then (local.set $floor (call $floor16 (local.get $row) (local.get $bias) (local.get $experts) (local.get $k)
            (local.get $buf)))))
        (local.set $floor2 (f64x2.splat (local.get $floor)))
        ;; Fill: the first k scores, insertion-sorted descending; NaN becomes -inf.
        (local.set $j (i32.const 0))
        (block $fill_done
          (loop $fill
            (br_if $fill_done (i32.ge_u (local.get $j) (local.get $k)))
            (local.set $s (call $score (local.get $row) (local.get $bias) (local.get $j)))
            (if (f64.ne (local.get $s) (local.get $s)) (then (local.set $s (f64.const -inf))))
            (call $insert (local.get $s) (local.get $j) (local.get $j) (local.get $orow) (local.get $best))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $fill)))
        (local.set $thr (f64.load (i32.add (local.get $best) (i32.shl (local.get $last) (i32.const 3)))))
        ;; Scan four scores at a time (fewer at the row's end); look at them one by one only when
        ;; one of them beats the k-th best and reaches the floor.
        (block $vec_done
          (loop $vec
            (br_if $vec_done (i32.ge_u (local.get $j) (local.get $experts)))
            (local.set $n (i32.sub (local.get $experts) (local.get $j)))
            (local.set $hit (i32.const 1))
            (if (i32.ge_u (local.get $n) (i32.const 4))
              (then
                (local.set $n (i32.const 4))
                (local.set $v (v128.load (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 2)))))
                (local.set $b (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 3))))
                (local.set $thr2 (f64x2.splat (local.get $thr)))
                (local.set $lo (f64x2.add (f64x2.promote_low_f32x4 (local.get $v)) (v128.load (local.get $b))))
                (local.set $hi (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))) (v128.load offset=16 (local.get $b))))
                (local.set $hit (v128.any_true (v128.or
                  (v128.and (f64x2.gt (local.get $lo) (local.get $thr2)) (f64x2.ge (local.get $lo) (local.get $floor2)))
                  (v128.and (f64x2.gt (local.get $hi) (local.get $thr2)) (f64x2.ge (local.get $hi) (local.get $floor2))))))))
            (if (local.get $hit)
              (then
                (local.set $q (local.get $j))
                (local.set $end (i32.add (local.get $j) (local.get $n)))
                (loop $lanes
                  (local.set $s (f64.add
                    (f64.promote_f32 (f32.load (i32.add (local.get $row) (i32.shl (local.get $q) (i32.const 2)))))
                    (f64.load (i32.add (local.get $bias) (i32.shl (local.get $q) (i32.const 3))))))
                  (if (i32.and (f64.gt (local.get $s) (local.get $thr)) (f64.ge (local.get $s) (local.get $floor)))
                    (then
                      (call $insert (local.get $s) (local.get $q) (local.get $last) (local.get $orow) (local.get $best))
                      (local.set $thr (f64.load (i32.add (local.get $best) (i32.shl (local.get $last) (i32.const 3)))))))
                  (local.set $q (i32.add (local.get $q) (i32.const 1)))
                  (br_if $lanes (i32.lt_u (local.get $q) (local.get $end))))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $vec)))
        ;; The chosen experts' logits, copied while the row is in cache (the gates are their softmax).
        (local.set $q (i32.const 0))
        (loop $copy
          (f32.store
            (i32.add (local.get $vals) (i32.shl (i32.add (i32.mul (local.get $t) (local.get $k)) (local.get $q)) (i32.const 2)))
            (f32.load (i32.add (local.get $row) (i32.shl (i32.load (i32.add (local.get $orow) (i32.shl (local.get $q) (i32.const 2)))) (i32.const 2)))))
          (local.set $q (i32.add (local.get $q) (i32.const 1)))
          (br_if $copy (i32.lt_u (local.get $q) (local.get $k))))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $rows)))))
