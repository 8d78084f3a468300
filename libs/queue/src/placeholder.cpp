// queue
