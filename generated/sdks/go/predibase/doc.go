// Fine-tune and serve open-source LLMs on Predibase as code.
package predibase
