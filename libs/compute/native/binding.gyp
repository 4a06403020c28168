{
  "targets": [
    {
      "target_name": "xlnlu_native",
      "sources": [
        "src/addon.cc",
        "src/adam.cc",
        "src/bilstm.cc",
        "src/crf.cc",
        "src/device.cc",
        "src/gemm.cc",
        "src/joint_bindings.cc",
        "src/joint_step.cc",
        "src/ner_bindings.cc",
        "src/ner_step.cc",
        "src/network_parts.cc",
        "src/parallel.cc"
      ],
      "dependencies": ["<!(node -p \"require('node-addon-api').targets\"):node_addon_api_except", "activations"],
      "cflags_cc": ["-O3", "-march=native", "-std=c++17", "-fno-math-errno"],
      "cflags_cc!": ["-O2"],
      "libraries": ["-lm", "-lpthread"]
    },
    {
      "target_name": "activations",
      "type": "static_library",
      "sources": ["src/activations.cc"],
      "cflags_cc": ["-O3", "-march=native", "-std=c++17", "-ffast-math", "-fPIC"],
      "cflags_cc!": ["-O2"]
    }
  ]
}
